// The person's own API keys (/account/api-keys, "API keys" in the person menu): personal keys that act as the
// person, with create / regenerate / delete and the one-time copy modal. Admins manage every key elsewhere.

import { api, describeError } from "../api.js";
import { h, replace, field, button, busy, formError, formatDateTime, loadInto } from "../dom.js";
import { icon } from "../icons.js";
import { appFrame } from "../layout.js";
import { openModal, confirmModal } from "../modal.js";
import { showSecretOnce } from "../secrets.js";
import { formatMaskedKey, confirmDeleteKey } from "./apikeys.js";
import { restrictionsSection, restrictionSummary } from "./restrictions.js";

export function accountKeysPage() {
  const content = h("div", { class: "table-area", "aria-busy": "true" }, h("p", { class: "muted" }, "Loading your API keys…"));
  let keys = [];

  function load() {
    return loadInto(content, async () => {
      keys = [...await api.get("/api/user/current/api-key")].sort((a, b) => a.name.localeCompare(b.name));
      render();
    }, describeError);
  }

  function render() {
    if (keys.length === 0) {
      replace(content, h("div", { class: "empty-state", "data-testid": "personal-keys-empty" },
        h("div", { class: "empty-icon" }, icon("key", { size: 32 })),
        h("h2", { class: "empty-title" }, "You have no API keys yet"),
        h("p", { class: "muted" }, "A personal API key acts as you, with your permissions, and stops working if your account is deactivated.")));
      return;
    }
    replace(content, h("div", { class: "table-wrap" },
      h("table", { class: "table", "data-testid": "personal-keys-table" },
        h("caption", { class: "sr-only" }, "Your API keys, sorted by name"),
        h("thead", null, h("tr", null, ["Key name", "Key", "Restrictions", "Created"].map(t => h("th", { scope: "col" }, t)),
          h("th", { scope: "col" }, h("span", { class: "sr-only" }, "Actions")))),
        h("tbody", null, keys.map(row)))));
  }

  function row(key) {
    return h("tr", { "data-key-id": key.id },
      h("td", { class: "cell-strong cell-ellipsis", "data-label": "Key name", title: key.name }, key.name),
      h("td", { "data-label": "Key" }, h("code", { class: "mono" }, formatMaskedKey(key.masked_key))),
      h("td", { class: "cell-summary", "data-label": "Restrictions" }, restrictionSummary(key.restrictions)),
      h("td", { class: "cell-nowrap", "data-label": "Created" }, formatDateTime(key.created_at)),
      h("td", { class: "cell-actions" },
        h("button", { type: "button", class: "icon-btn", "aria-label": `Regenerate ${key.name}`, title: "Regenerate",
          onClick: () => openRegenerate(key) }, icon("key")),
        h("button", { type: "button", class: "icon-btn icon-btn-danger", "aria-label": `Delete ${key.name}`, title: "Delete",
          onClick: () => openDelete(key) }, icon("trash"))));
  }

  function secretModal(secret) {
    showSecretOnce({ title: "Copy and save the API key", label: "The API key", secret, onClose: () => load(),
      warning: "Please copy this key and save it somewhere safe. For security reasons, we can't show it to you again." });
  }

  function openCreate() {
    const name = field({ label: "Key name", placeholder: "Something to help you remember what this is for" });
    const restrictions = restrictionsSection();
    const error = formError();
    const create = button("Create", { variant: "primary", type: "submit" });
    const modal = openModal({
      title: "Create a personal API key",
      body: [error.el, name.wrap, restrictions.el],
      footer: [button("Cancel", { onClick: () => modal.close() }), create],
      onSubmit: () => {
        error.set(null);
        const named = !!name.value.trim();
        if (!named) name.setError("Key name is required.");
        if (!restrictions.validate() || !named) return;
        busy(create, async () => {
          try {
            const created = await api.post("/api/user/current/api-key", { name: name.value.trim(), restrictions: restrictions.value() });
            modal.close();
            secretModal(created.unmasked_key);
          } catch (err) {
            if (err.fieldErrors?.name) name.setError(err.fieldErrors.name);
            else if (!restrictions.showServerErrors(err)) error.set(describeError(err));
          }
        });
      },
    });
  }

  function openRegenerate(key) {
    confirmModal({
      title: "Regenerate API Key",
      message: h("p", null, `Latchkey will replace “${key.name}” with a new key. You won't be able to recover the old key.`),
      cancelLabel: "No, don't regenerate",
      confirmLabel: "Regenerate",
      action: () => api.put(`/api/user/current/api-key/${key.id}/regenerate`, {}),
      onDone: result => secretModal(result.unmasked_key),
    });
  }

  function openDelete(key) {
    confirmDeleteKey(`/api/user/current/api-key/${key.id}`, load);
  }

  load();
  return appFrame(
    h("div", { class: "page-header" },
      h("div", { class: "page-header-text" }, h("h1", { class: "page-title", tabindex: "-1" }, "API keys"),
        h("p", { class: "muted" }, "Keys that act as you, for scripts and tools. Restrictions can narrow a key further.")),
      button("Create API Key", { variant: "primary", onClick: () => openCreate() })),
    content);
}
