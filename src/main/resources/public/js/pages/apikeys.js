// Manage API Keys (/admin/settings/authentication/api-keys), after Metabase's v0.49 page: the table, the
// empty state, and the create / one-time secret / edit / regenerate / delete modals. The plaintext key is
// shown only in the secret modal, straight from the create or regenerate response, and never kept.

import { api, describeError } from "../api.js";
import { h, replace, field, selectField, button, busy, formError, formatDateTime } from "../dom.js";
import { icon } from "../icons.js";
import { settingsFrame } from "../layout.js";
import { openModal, confirmModal } from "../modal.js";
import { showSecretOnce } from "../secrets.js";
import { expiryField, graceField, lastUsedCell, expiresCell, sortKeys, usageSection, loadPolicy } from "./apikey-lifecycle.js";
import { restrictionsSection, restrictionLine, sameRestrictions, openPermissions } from "./restrictions.js";

const NOTE = "We don’t version the Latchkey API. We rarely change API endpoints, and almost never remove them, "
  + "but if you write code that relies on the API, there’s a chance you might have to update your code in the future.";
const GROUP_LABEL = "Select a group to inherit its permissions";

/** The display form of a masked key: its visible part and an ellipsis, e.g. "lk_abcd1234...". */
export function formatMaskedKey(masked) {
  if (!masked) return "";
  const visible = masked.replace(/\*+$/, "");
  return visible.length < masked.length ? `${visible}...` : masked;
}

export function breadcrumbs(crumbs) {
  return h("nav", { class: "breadcrumbs", "aria-label": "Breadcrumb" },
    h("ol", null, crumbs.map(([label, href], i) => h("li", null,
      href ? h("a", { href }, label) : h("span", { "aria-current": "page" }, label),
      i < crumbs.length - 1 && icon("chevron", { size: 14 })))));
}

export function apiKeysPage() {
  const state = { keys: [], groups: [], policy: null, sort: { column: "Key name", descending: false } };
  const content = h("div", { class: "table-area", "aria-busy": "true" }, h("p", { class: "muted" }, "Loading API keys…"));
  const subtitle = h("p", { class: "muted", hidden: true }, "Allow users to use the API keys to authenticate their API calls.");
  const createButton = button("Create API Key", { variant: "primary", onClick: () => openCreate() });

  async function load() {
    try {
      const [keys, groups, policy] = await Promise.all([api.get("/api/api-key"), api.get("/api/permissions/group"), loadPolicy()]);
      state.keys = keys;
      state.groups = groups;
      state.policy = policy;
      render();
    } catch (err) {
      replace(content, h("div", { class: "alert alert-error", role: "alert" }, describeError(err)));
    } finally {
      content.removeAttribute("aria-busy");
    }
  }

  function render() {
    subtitle.hidden = state.keys.length === 0;
    if (state.keys.length === 0) {
      replace(content, h("div", { class: "empty-state", "data-testid": "api-keys-empty" },
        h("div", { class: "empty-icon" }, icon("key", { size: 32 })),
        h("h2", { class: "empty-title" }, "No API keys here yet"),
        h("p", { class: "muted" }, "You can create an API key to make API calls programatically."),
        button("Create API Key", { variant: "primary", onClick: () => openCreate() })));
      return;
    }
    replace(content, h("div", { class: "table-wrap" },
      h("table", { class: "table", "data-testid": "api-keys-table" },
        h("caption", { class: "sr-only" }, `API keys, sorted by ${state.sort.column.toLowerCase()}`),
        h("thead", null, h("tr", null,
          ["Key name", "Group", "Key", "Last used", "Expires", "Last modified"].map(header),
          h("th", { scope: "col" }, h("span", { class: "sr-only" }, "Actions")))),
        h("tbody", null, sortKeys(state.keys, state.sort.column, state.sort.descending).map(row)))));
  }

  /** A column header; Key name, Last used and Expires sort the table (again: the other way round). */
  function header(title) {
    if (!["Key name", "Last used", "Expires"].includes(title)) return h("th", { scope: "col" }, title);
    const active = state.sort.column === title;
    return h("th", { scope: "col", "aria-sort": active ? (state.sort.descending ? "descending" : "ascending") : "none" },
      h("button", { type: "button", class: "sort-btn", onClick: () => {
        state.sort = { column: title, descending: active && !state.sort.descending };
        render();
      } }, title, active ? (state.sort.descending ? " ↓" : " ↑") : ""));
  }

  function row(key) {
    return h("tr", { "data-key-id": key.id },
      h("td", { class: "cell-strong cell-ellipsis", "data-label": "Key name", title: key.name },
        h("button", { type: "button", class: "link-btn", "aria-label": `Details of ${key.name}`, onClick: () => openDetails(key) }, key.name)),
      h("td", { "data-label": "Group" }, key.group?.name || "—"),
      h("td", { "data-label": "Key" }, h("code", { class: "mono" }, formatMaskedKey(key.masked_key)), revokedBadge(key.revoked),
        restrictionLine(key.restrictions)),
      h("td", { "data-label": "Last used" }, lastUsedCell(key)),
      h("td", { "data-label": "Expires" }, expiresCell(key)),
      h("td", { "data-label": "Last modified" }, h("div", null, key.updated_by?.common_name || "—"),
        h("div", { class: "hint cell-nowrap" }, formatDateTime(key.updated_at))),
      h("td", { class: "cell-actions" },
        h("button", { type: "button", class: "icon-btn", "aria-label": `Permissions of ${key.name}`, title: "Effective permissions",
          onClick: () => openPermissions(key) }, icon("lock")),
        h("button", { type: "button", class: "icon-btn", "aria-label": `Edit ${key.name}`, title: "Edit",
          onClick: () => openEdit(key) }, icon("pencil")),
        h("button", { type: "button", class: "icon-btn icon-btn-danger", "aria-label": `Delete ${key.name}`, title: "Delete",
          onClick: () => openDelete(key) }, icon("trash"))));
  }

  // A revoked key stays listed but authenticates nothing; a leak report links to where the key was found
  // (http and https links only: the URL comes from the report, not from an admin).
  function revokedBadge(revoked) {
    if (!revoked) return null;
    const leaked = revoked.reason === "leaked";
    const when = `Revoked ${formatDateTime(revoked.at)}${revoked.source ? ` (found in ${revoked.source})` : ""}`;
    const safeUrl = typeof revoked.url === "string" && /^https?:\/\//i.test(revoked.url) ? revoked.url : null;
    return h("span", { class: "revoked" },
      h("span", { class: "badge badge-revoked", title: when }, leaked ? "Leaked" : "Revoked"),
      safeUrl && h("a", { href: safeUrl, target: "_blank", rel: "noopener noreferrer", title: safeUrl }, "Report"));
  }

  function groupPicker(value) {
    return selectField({ label: GROUP_LABEL, placeholder: "Select a group", value,
      options: state.groups.map(g => ({ value: g.id, label: g.name })) });
  }

  function showFieldErrors(err, fields, error) {
    let shown = false;
    for (const [name, message] of Object.entries(err.fieldErrors || {})) {
      if (fields[name]) { fields[name].setError(message); shown = true; }
    }
    if (!shown) error.set(describeError(err));
  }

  function openCreate() {
    const name = field({ label: "Key name", placeholder: "Something to help you remember what this is for" });
    const group = groupPicker(null);
    const expires = expiryField({ policyDays: state.policy?.max_lifetime_days });
    const restrictions = restrictionsSection();
    const error = formError();
    const create = button("Create", { variant: "primary", type: "submit" });
    const modal = openModal({
      title: "Create a new API Key",
      body: [error.el, name.wrap, group.wrap, expires.wrap, restrictions.el, h("p", { class: "note" }, NOTE)],
      footer: [button("Cancel", { onClick: () => modal.close() }), create],
      onSubmit: () => {
        error.set(null);
        const problems = validate(name, group) || validateExpiry(expires);
        if (!restrictions.validate() || problems) return;
        busy(create, async () => {
          try {
            const body = { name: name.value.trim(), group_id: Number(group.value), restrictions: restrictions.value() };
            if (expires.value()) body.expires_at = expires.value();
            const created = await api.post("/api/api-key", body);
            modal.close();
            // Never a success modal without a key: a response lacking it is reported, not celebrated.
            if (typeof created?.unmasked_key === "string" && created.unmasked_key) secretModal(created.unmasked_key);
            else failureNotice("The key was created, but the server did not return it. Regenerate it from the list to get a usable key.");
          } catch (err) {
            if (!restrictions.showServerErrors(err)) showFieldErrors(err, { name, group_id: group, expires_at: expires }, error);
          }
        });
      },
    });
  }

  function validateExpiry(expires) {
    if (expires.value() !== "") return false;
    expires.setError("Pick the day the key should expire.");
    expires.date.focus();
    return true;
  }

  function validate(name, group) {
    let bad = false;
    if (!name.value.trim()) { name.setError("Key name is required."); bad = true; }
    if (!group.value) { group.setError("Select a group for this key."); bad = true; }
    if (bad) (name.value.trim() ? group.select : name.input).focus();
    return bad;
  }

  function secretModal(secret) {
    showSecretOnce({ title: "Copy and save the API key", label: "The API key", secret, onClose: () => load(),
      warning: "Please copy this key and save it somewhere safe. For security reasons, we can't show it to you again." });
  }

  function failureNotice(message) {
    const modal = openModal({ title: "Something went wrong", size: "sm",
      body: h("div", { class: "alert alert-error", role: "alert" }, message),
      footer: button("OK", { variant: "primary", onClick: () => modal.close() }), onClose: () => load() });
  }

  function openEdit(key, initial = { name: key.name, groupId: key.group?.id, restrictions: key.restrictions }) {
    const name = field({ label: "Key name", value: initial.name });
    const group = groupPicker(initial.groupId);
    const expires = expiryField({ policyDays: state.policy?.max_lifetime_days, current: key.expires_at });
    const restrictions = restrictionsSection(initial.restrictions);
    const masked = field({ label: "API Key", value: key.masked_key, disabled: true, monospace: true });
    const error = formError();
    const save = button("Save", { variant: "primary", type: "submit", disabled: true });
    const dirty = () => name.value !== key.name || String(group.value) !== String(key.group?.id)
      || !sameRestrictions(restrictions.value(), key.restrictions) || expires.value() !== undefined;
    const refresh = () => { save.disabled = !dirty(); };
    name.input.addEventListener("input", refresh);
    group.select.addEventListener("change", refresh);
    expires.select.addEventListener("change", refresh);
    restrictions.el.addEventListener("input", refresh);
    restrictions.el.addEventListener("change", refresh);
    refresh();
    const regenerate = button("Regenerate API Key", { variant: "link-danger", onClick: () => {
      modal.close();
      openRegenerate(key, { name: name.value, groupId: group.value, restrictions: restrictions.value() });
    } });
    const modal = openModal({
      title: "Edit API Key",
      body: [error.el, name.wrap, group.wrap, expires.wrap, masked.wrap, restrictions.el],
      footer: [h("div", { class: "footer-left" }, regenerate), button("Cancel", { onClick: () => modal.close() }), save],
      onSubmit: () => {
        if (!dirty()) return;
        error.set(null);
        if (validate(name, group) || validateExpiry(expires) || !restrictions.validate()) return;
        busy(save, async () => {
          try {
            const body = { group_id: Number(group.value), name: name.value.trim(), restrictions: restrictions.value() };
            if (expires.value() !== undefined) body.expires_at = expires.value();
            await api.put(`/api/api-key/${key.id}`, body);
            modal.close();
            await load();
          } catch (err) {
            if (!restrictions.showServerErrors(err)) showFieldErrors(err, { name, group_id: group, expires_at: expires }, error);
            refresh();
          }
        });
      },
    });
  }

  function openRegenerate(key, draft) {
    const grace = graceField();
    confirmModal({
      title: "Regenerate API Key",
      message: [
        h("dl", { class: "facts" },
          h("dt", null, "Key name"), h("dd", null, key.name),
          h("dt", null, "Group"), h("dd", null, key.group?.name || "—")),
        h("p", null, "Latchkey will replace the existing API key with a new key. You won't be able to recover the old key."),
        grace.wrap,
      ],
      cancelLabel: "No, don't regenerate",
      confirmLabel: "Regenerate",
      action: () => api.put(`/api/api-key/${key.id}/regenerate`, Number(grace.value) > 0 ? { grace_seconds: Number(grace.value) } : {}),
      onCancel: () => openEdit(key, draft),
      onDone: result => {
        if (typeof result?.unmasked_key === "string" && result.unmasked_key) secretModal(result.unmasked_key);
        else failureNotice("The key was regenerated, but the server did not return it. Regenerate it again to get a usable key.");
      },
    });
  }

  function openDetails(key) {
    const facts = [["Group", key.group?.name || "—"], ["Key", formatMaskedKey(key.masked_key)],
      ["Last used", lastUsedCell(key)], ["Expires", expiresCell(key)]];
    if (key.previous_key_expires_at) facts.push(["Old key works until", formatDateTime(key.previous_key_expires_at)]);
    const modal = openModal({
      title: key.name,
      size: "lg",
      body: [h("dl", { class: "facts" }, facts.map(([t, d]) => [h("dt", null, t), h("dd", null, d)])),
        usageSection(key, h("div", { class: "usage-section" }))],
      footer: [button("Edit", { onClick: () => { modal.close(); openEdit(key); } }),
        button("Done", { variant: "primary", onClick: () => modal.close() })],
    });
  }

  function openDelete(key) {
    confirmDeleteKey(`/api/api-key/${key.id}`, load);
  }

  load();
  return settingsFrame("authentication",
    breadcrumbs([["Authentication", "/admin/settings/authentication"], ["API Keys"]]),
    h("div", { class: "page-header" },
      h("div", { class: "page-header-text" }, h("h1", { class: "page-title", tabindex: "-1" }, "Manage API Keys"), subtitle),
      createButton),
    content);
}

/** The delete confirmation shared by the admin keys table and a person's own keys page. */
export function confirmDeleteKey(url, onDone) {
  confirmModal({
    title: "Delete API Key",
    message: h("p", null, "You won't be able to recover a deleted API key. You'll have to create a new key."),
    cancelLabel: "No, don't delete",
    confirmLabel: "Delete API Key",
    danger: true,
    action: () => api.del(url),
    onDone: () => onDone(),
  });
}
