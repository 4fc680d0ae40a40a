// People: list (active / deactivated), search, add (the password is shown once), edit with groups,
// reset password, deactivate and reactivate. API-key users never appear: /api/user lists people only.

import { api, describeError } from "../api.js";
import { h, replace, field, button, busy, formError, formatDateTime, initials, displayName, plural, uid } from "../dom.js";
import { icon } from "../icons.js";
import { adminFrame, pageTitle } from "../layout.js";
import { openModal, confirmModal, menuButton } from "../modal.js";
import { showSecretOnce, generatePassword } from "../secrets.js";
import { pager, PAGE_SIZE } from "../pager.js";
import { session, loadUser } from "../session.js";

const ALL_USERS = "All Users";
const ADMINISTRATORS = "Administrators";

export function peoplePage() {
  const state = { status: "active", query: "", offset: 0, people: [], total: 0, groups: [] };
  const pages = pager("People pages", offset => { state.offset = offset; load(); });
  const content = h("div", { class: "table-area", "aria-busy": "true" }, h("p", { class: "muted" }, "Loading people…"));
  const count = h("p", { class: "muted count", "aria-live": "polite" });
  const search = h("input", { id: "people-search", type: "search", class: "input input-search", placeholder: "Find someone",
    autocomplete: "off", onInput: debounce(e => { state.query = e.target.value.trim(); state.offset = 0; load(); }, 250) });
  const tabs = ["active", "deactivated"].map(status => h("button", {
    type: "button", class: "segment", "aria-pressed": String(status === state.status),
    onClick: e => {
      state.status = status;
      state.offset = 0;
      tabs.forEach(t => t.setAttribute("aria-pressed", String(t === e.currentTarget)));
      load();
    } }, status === "active" ? "Active" : "Deactivated"));
  let loadId = 0;

  async function load() {
    const mine = (loadId += 1);
    const params = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(state.offset) });
    if (state.status === "deactivated") params.set("status", "deactivated");
    if (state.query) params.set("query", state.query);
    try {
      const [page, groups] = await Promise.all([api.get(`/api/user?${params}`),
        state.groups.length ? state.groups : api.get("/api/permissions/group")]);
      if (mine !== loadId) return;
      // a page emptied by a deactivation: show the one before it
      if (!(page.data || []).length && state.offset > 0) { state.offset = Math.max(0, state.offset - PAGE_SIZE); load(); return; }
      state.people = page.data || [];
      state.total = page.total ?? state.people.length;
      state.groups = groups;
      render();
    } catch (err) {
      if (mine === loadId) replace(content, h("div", { class: "alert alert-error", role: "alert" }, describeError(err)));
    } finally {
      content.removeAttribute("aria-busy");
    }
  }

  function groupName(id) { return state.groups.find(g => g.id === id)?.name; }

  function render() {
    pages.update({ offset: state.offset, shown: state.people.length, total: state.total });
    count.textContent = state.status === "active" ? plural(state.total, "person", "people")
      : plural(state.total, "deactivated person", "deactivated people");
    if (!state.people.length) {
      replace(content, h("div", { class: "empty-state empty-compact" },
        h("p", { class: "muted" }, state.query ? `No one matches “${state.query}”.`
          : state.status === "active" ? "No one here yet." : "No one has been deactivated.")));
      return;
    }
    replace(content, h("div", { class: "table-wrap" },
      h("table", { class: "table", "data-testid": "people-table" },
        h("caption", { class: "sr-only" }, "People"),
        h("thead", null, h("tr", null,
          ["Name", "Email", "Groups", "Last login"].map(t => h("th", { scope: "col" }, t)),
          h("th", { scope: "col" }, h("span", { class: "sr-only" }, "Actions")))),
        h("tbody", null, state.people.map(row)))));
  }

  function row(person) {
    const name = displayName(person);
    const groups = (person.group_ids || []).map(groupName).filter(n => n && n !== ALL_USERS);
    return h("tr", { "data-user-id": person.id },
      h("td", { "data-label": "Name" }, h("div", { class: "person" },
        h("span", { class: "avatar", "aria-hidden": "true", "data-initials": initials(person) }),
        h("span", { class: "cell-strong" }, name),
        person.is_superuser && h("span", { class: "badge badge-admin" }, "Admin"))),
      h("td", { "data-label": "Email" }, person.email),
      h("td", { "data-label": "Groups" }, groups.length ? groups.join(", ") : h("span", { class: "muted" }, "Default")),
      h("td", { "data-label": "Last login" }, person.last_login ? formatDateTime(person.last_login) : h("span", { class: "muted" }, "Never")),
      h("td", { class: "cell-actions" }, state.status === "active" ? actions(person, name)
        : button("Reactivate", { onClick: () => reactivate(person, name) })));
  }

  function actions(person, name) {
    const isMe = person.id === session.user?.id;
    return menuButton({
      trigger: h("button", { type: "button", class: "icon-btn", "aria-label": `Actions for ${name}`, title: "Actions" }, icon("more")),
      items: () => [
        { label: "Edit person", icon: "pencil", onSelect: () => personForm(person) },
        !isMe && { label: "Reset password", icon: "lock", onSelect: () => resetPassword(person, name) },
        !isMe && { label: "Deactivate", icon: "trash", danger: true, onSelect: () => deactivate(person, name) },
      ].filter(Boolean),
    });
  }

  function groupChecks(selected) {
    const legendId = uid("groups");
    const boxes = state.groups.map(g => {
      const id = uid("group");
      const allUsers = g.name === ALL_USERS;
      const input = h("input", { type: "checkbox", id, value: String(g.id), checked: allUsers || selected.includes(g.id),
        disabled: allUsers });
      return { group: g, input, el: h("label", { class: "checkbox", for: id }, input, h("span", null, g.name),
        allUsers && h("span", { class: "hint inline" }, "everyone"), g.name === ADMINISTRATORS && h("span", { class: "hint inline" }, "full access")) };
    });
    const error = h("div", { class: "field-error", role: "alert", hidden: true });
    return {
      el: h("fieldset", { class: "field fieldset", "aria-labelledby": legendId },
        h("legend", { class: "label", id: legendId }, "Groups"), h("div", { class: "check-list" }, boxes.map(b => b.el)), error),
      ids: () => boxes.filter(b => b.input.checked).map(b => b.group.id),
      setError: m => { error.textContent = m || ""; error.hidden = !m; },
    };
  }

  function personForm(person) {
    const editing = Boolean(person);
    const first = field({ label: "First name", value: person?.first_name || "", autocomplete: "off" });
    const last = field({ label: "Last name", value: person?.last_name || "", autocomplete: "off" });
    const email = field({ label: "Email", type: "email", value: person?.email || "", autocomplete: "off" });
    const password = editing ? null : field({ label: "Password", type: "text", autocomplete: "new-password", monospace: true,
      hint: "Leave blank to generate a strong password. You'll see it once, after saving." });
    const groups = groupChecks(person?.group_ids || []);
    const error = formError();
    const save = button(editing ? "Save" : "Add person", { variant: "primary", type: "submit" });
    const modal = openModal({
      title: editing ? `Edit ${displayName(person)}` : "Add a person",
      body: [error.el, h("div", { class: "field-row" }, first.wrap, last.wrap), email.wrap, password?.wrap, groups.el],
      footer: [button("Cancel", { onClick: () => modal.close() }), save],
      onSubmit: () => {
        error.set(null);
        if (!email.value.trim()) { email.setError("Enter an email address."); email.input.focus(); return; }
        const memberships = groups.ids().map(id => ({ id }));
        const body = { first_name: first.value.trim() || null, last_name: last.value.trim() || null,
          email: email.value.trim(), user_group_memberships: memberships };
        const chosen = password?.value || "";
        const secret = editing ? null : chosen || generatePassword();
        if (!editing) body.password = secret;
        busy(save, async () => {
          try {
            const saved = editing ? await api.put(`/api/user/${person.id}`, body) : await api.post("/api/user", body);
            modal.close();
            if (editing && person.id === session.user?.id) await loadUser();
            if (!editing) {
              showSecretOnce({ title: `${displayName(saved)} has been added`, label: "Their password", secret,
                warning: "Share this password with them securely; they can sign in with it right away. For security reasons, it won't be shown again.",
                onClose: () => load() });
            } else load();
          } catch (err) {
            const f = err.fieldErrors || {};
            const map = { email, first_name: first, last_name: last, password };
            let shown = false;
            for (const [k, v] of Object.entries(f)) if (map[k]) { map[k].setError(v); shown = true; }
            if (f.user_group_memberships || f.is_superuser) { groups.setError(f.user_group_memberships || f.is_superuser); shown = true; }
            if (!shown) error.set(describeError(err));
          }
        });
      },
    });
  }

  function resetPassword(person, name) {
    const secret = generatePassword();
    confirmModal({
      title: `Reset ${name}'s password?`,
      message: h("p", null, "Latchkey will give them a new random password and show it to you once. Their current password and sessions stop working."),
      confirmLabel: "Reset password",
      action: () => api.put(`/api/user/${person.id}/password`, { password: secret }),
      onDone: () => showSecretOnce({ title: `${name}'s new password`, label: "New password", secret,
        warning: "Share this password with them securely. For security reasons, it won't be shown again." }),
    });
  }

  function deactivate(person, name) {
    confirmModal({
      title: `Deactivate ${name}?`,
      message: h("p", null, `${name} won't be able to sign in anymore. You can reactivate them later from the Deactivated list.`),
      confirmLabel: "Deactivate",
      danger: true,
      action: () => api.del(`/api/user/${person.id}`),
      onDone: () => load(),
    });
  }

  function reactivate(person, name) {
    confirmModal({
      title: `Reactivate ${name}?`,
      message: h("p", null, "They'll be able to sign in again with their previous password."),
      confirmLabel: "Reactivate",
      action: () => api.put(`/api/user/${person.id}/reactivate`, {}),
      onDone: () => load(),
    });
  }

  load();
  return adminFrame("people",
    pageTitle("People", count),
    h("div", { class: "toolbar" },
      h("div", { class: "segmented", role: "group", "aria-label": "Show" }, tabs),
      h("div", { class: "search" }, h("label", { class: "sr-only", for: "people-search" }, "Find someone"),
        icon("search", { size: 16 }), search),
      button("Add person", { variant: "primary", icon: icon("plus", { size: 16 }), onClick: () => personForm(null) })),
    content, pages.el);
}

function debounce(fn, ms) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}
