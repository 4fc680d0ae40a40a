// Groups: the list with member counts and "(includes N API keys)", create, rename, remove (its API keys
// move to All Users and keep working), and one group's members with add / remove.

import { api, describeError } from "../api.js";
import { h, replace, field, selectField, button, busy, formError, initials, displayName, plural } from "../dom.js";
import { icon } from "../icons.js";
import { adminFrame, pageTitle } from "../layout.js";
import { openModal, confirmModal, menuButton } from "../modal.js";
import { pager, PAGE_SIZE } from "../pager.js";

const ALL_USERS = "All Users";
const ADMINISTRATORS = "Administrators";
const API_KEYS_PAGE = "/admin/settings/authentication/api-keys";

export const isSpecial = group => group.name === ALL_USERS || group.name === ADMINISTRATORS;
const isApiKeyUser = member => /@api-key\.invalid$/i.test(member.email || "");

/** A stable colour per group name, so groups are easy to tell apart at a glance. */
const tone = name => [...name].reduce((n, c) => (n * 31 + c.charCodeAt(0)) % 997, 7) % 5;

/** How many API keys each group holds; every key is also in All Users. */
function keyCounts(groups, keys) {
  const counts = new Map(groups.map(g => [g.id, 0]));
  for (const key of keys) if (key.group?.id != null) counts.set(key.group.id, (counts.get(key.group.id) || 0) + 1);
  const allUsers = groups.find(g => g.name === ALL_USERS);
  if (allUsers) counts.set(allUsers.id, keys.length);
  return counts;
}

export function groupsPage() {
  const state = { groups: [], keys: [], offset: 0 };
  const content = h("div", { class: "table-area", "aria-busy": "true" }, h("p", { class: "muted" }, "Loading groups…"));
  const pages = pager("Group pages", offset => { state.offset = offset; load(); });

  async function load() {
    try {
      // One row more than a page tells whether there is a next page. Key counts only decorate the list, so the
      // groups still show if the keys can't be read.
      const [groups, keys] = await Promise.all([api.get(`/api/permissions/group?limit=${PAGE_SIZE + 1}&offset=${state.offset}`),
        api.get("/api/api-key").catch(() => [])]);
      if (!groups.length && state.offset > 0) { state.offset = Math.max(0, state.offset - PAGE_SIZE); load(); return; }
      state.groups = groups.slice(0, PAGE_SIZE);
      state.keys = keys;
      pages.update({ offset: state.offset, shown: state.groups.length, hasNext: groups.length > PAGE_SIZE });
      render();
    } catch (err) {
      replace(content, h("div", { class: "alert alert-error", role: "alert" }, describeError(err)));
    } finally {
      content.removeAttribute("aria-busy");
    }
  }

  function render() {
    const counts = keyCounts(state.groups, state.keys);
    replace(content, h("div", { class: "table-wrap" },
      h("table", { class: "table", "data-testid": "groups-table" },
        h("caption", { class: "sr-only" }, "Groups"),
        h("thead", null, h("tr", null, h("th", { scope: "col" }, "Group name"), h("th", { scope: "col" }, "Members"),
          h("th", { scope: "col" }, h("span", { class: "sr-only" }, "Actions")))),
        h("tbody", null, state.groups.map(g => row(g, counts.get(g.id) || 0))))));
  }

  function row(group, keys) {
    return h("tr", { "data-group-id": group.id },
      h("td", { "data-label": "Group name" }, h("a", { href: `/admin/groups/${group.id}`, class: "person" },
        h("span", { class: `avatar avatar-group tone-${tone(group.name)}`, "aria-hidden": "true", "data-initials": initials({ first_name: group.name }) }),
        h("span", { class: "cell-strong" }, group.name))),
      h("td", { "data-label": "Members" }, String(group.member_count ?? 0),
        keys > 0 && h("span", { class: "muted" }, ` (includes ${plural(keys, "API key", "API keys")})`)),
      h("td", { class: "cell-actions" }, isSpecial(group) ? h("span", { class: "hint" }, "Built-in")
        : menuButton({
          trigger: h("button", { type: "button", class: "icon-btn", "aria-label": `Actions for ${group.name}`, title: "Actions" }, icon("more")),
          items: () => [
            { label: "Edit name", icon: "pencil", onSelect: () => nameForm(group) },
            { label: "Remove group", icon: "trash", danger: true, onSelect: () => removeGroup(group, keys) },
          ] })));
  }

  function nameForm(group) {
    const name = field({ label: "Group name", value: group?.name || "", placeholder: "Something like “Marketing”" });
    const error = formError();
    const save = button(group ? "Save" : "Create", { variant: "primary", type: "submit" });
    const modal = openModal({
      title: group ? `Rename ${group.name}` : "Create a group",
      size: "sm",
      body: [error.el, name.wrap],
      footer: [button("Cancel", { onClick: () => modal.close() }), save],
      onSubmit: () => {
        if (!name.value.trim()) { name.setError("Enter a group name."); return; }
        busy(save, async () => {
          try {
            const body = { name: name.value.trim() };
            if (group) await api.put(`/api/permissions/group/${group.id}`, body);
            else await api.post("/api/permissions/group", body);
            modal.close();
            load();
          } catch (err) {
            name.setError(err.fieldErrors?.name || describeError(err));
          }
        });
      },
    });
  }

  function removeGroup(group, keys) {
    const message = keys === 0
      ? h("p", null, "Are you sure? All members of this group will lose any permissions they have based on this group. This can't be undone.")
      : [h("p", null, `All members of this group will lose any permissions they have based on this group. Its ${plural(keys, "API key", "API keys")} will keep working, but will move to the All Users group and keep only its permissions.`),
        h("p", null, h("a", { href: API_KEYS_PAGE }, "You can move the API keys to another group"), " first.")];
    confirmModal({
      title: keys === 0 ? `Remove ${group.name}?` : `Remove ${group.name} and move its ${keys === 1 ? "API key" : "API keys"}?`,
      message,
      confirmLabel: keys === 0 ? "Remove group" : `Remove group and move ${keys === 1 ? "API key" : "API keys"}`,
      danger: true,
      action: () => api.del(`/api/permissions/group/${group.id}`),
      onDone: () => load(),
    });
  }

  load();
  return adminFrame("groups",
    pageTitle("Groups", h("p", { class: "muted" },
      "Put people and API keys in groups; an API key has exactly its group's permissions. All Users and Administrators are built in and can't be renamed or removed."),
    button("Create a group", { variant: "primary", icon: icon("plus", { size: 16 }), onClick: () => nameForm(null) })),
    content, pages.el);
}

export function groupPage({ params }) {
  const id = Number(params.id);
  const state = { group: null, offset: 0 };
  const title = h("h1", { class: "page-title", tabindex: "-1" }, "Group");
  const crumbName = h("span", { "aria-current": "page" }, "…");
  const summary = h("p", { class: "muted", "aria-live": "polite" });
  const actions = h("div", { class: "page-header-actions" });
  const addPanel = h("div", { class: "add-panel", hidden: true });
  const status = formError();
  const content = h("div", { class: "table-area", "aria-busy": "true" }, h("p", { class: "muted" }, "Loading members…"));
  const pages = pager("Member pages", offset => { state.offset = offset; load(); });

  async function load() {
    try {
      // one page of members (people and API keys, by name) and how many there are in all
      const group = await api.get(`/api/permissions/group/${id}?limit=${PAGE_SIZE}&offset=${state.offset}`);
      if (!group.members.length && state.offset > 0) { state.offset = Math.max(0, state.offset - PAGE_SIZE); load(); return; }
      state.group = group;
      render();
    } catch (err) {
      replace(content, h("div", { class: "alert alert-error", role: "alert" },
        err.status === 404 ? "This group doesn't exist (anymore)." : describeError(err)));
    } finally {
      content.removeAttribute("aria-busy");
    }
  }

  function render() {
    const { group } = state;
    const members = group.members || [];
    title.textContent = group.name;
    crumbName.textContent = group.name;
    document.title = `${group.name} · Groups · Latchkey`;
    summary.textContent = plural(group.total, "member", "members");
    pages.update({ offset: state.offset, shown: members.length, total: group.total });
    const canEdit = group.name !== ALL_USERS;
    replace(actions, canEdit ? button("Add members", { variant: "primary", icon: icon("plus", { size: 16 }), onClick: openAdd }) : null);
    replace(content,
      group.name === ALL_USERS && h("p", { class: "alert alert-info" }, "Everyone is a member of All Users; it can't be changed."),
      members.length ? h("div", { class: "table-wrap" }, h("table", { class: "table", "data-testid": "members-table" },
        h("caption", { class: "sr-only" }, `Members of ${group.name}`),
        h("thead", null, h("tr", null, h("th", { scope: "col" }, "Name"), h("th", { scope: "col" }, "Email"),
          h("th", { scope: "col" }, h("span", { class: "sr-only" }, "Actions")))),
        h("tbody", null, members.map(m => memberRow(m, canEdit)))))
        : h("div", { class: "empty-state empty-compact" }, h("p", { class: "muted" }, "No people in this group yet.")),
      members.some(isApiKeyUser) && h("p", { class: "hint" }, "An API key belongs to one group. ",
        h("a", { href: API_KEYS_PAGE }, "Manage API Keys"), " to move it."));
  }

  function memberRow(member, canEdit) {
    const name = displayName(member);
    const key = isApiKeyUser(member);
    return h("tr", { "data-user-id": member.user_id },
      h("td", { "data-label": "Name" }, h("div", { class: "person" },
        h("span", { class: "avatar", "aria-hidden": "true", "data-initials": initials(member) }), h("span", { class: "cell-strong" }, name),
        key && h("span", { class: "badge" }, "API Key"))),
      h("td", { "data-label": "Email" }, key ? h("span", { class: "muted" }, "—") : member.email),
      h("td", { class: "cell-actions" }, canEdit && !key && h("button", { type: "button", class: "icon-btn icon-btn-danger",
        "aria-label": `Remove ${name} from ${state.group.name}`, title: "Remove from group",
        onClick: e => busy(e.currentTarget, async () => {
          status.set(null);
          try {
            await api.del(`/api/permissions/membership/${member.membership_id}`);
            await load();
            title.focus();
          } catch (err) { status.set(describeError(err)); }
        }) }, icon("close"))));
  }

  /** People to add, found on the server as the admin types (the first page of everyone to start with). */
  async function openAdd() {
    const memberIds = new Set((state.group.members || []).map(m => m.user_id));
    const person = selectField({ label: "Person to add", placeholder: "Choose a person", options: [] });
    let searchId = 0;
    async function fill(query) {
      const mine = (searchId += 1);
      const found = await api.get(`/api/user?limit=50&offset=0${query ? `&query=${encodeURIComponent(query)}` : ""}`);
      if (mine !== searchId) return;
      const options = (found.data || []).filter(p => !memberIds.has(p.id) && !(p.group_ids || []).includes(id));
      person.select.replaceChildren(h("option", { value: "", disabled: true, selected: true }, options.length ? "Choose a person" : "No one to add"),
        ...options.map(p => h("option", { value: String(p.id) }, `${displayName(p)} (${p.email})`)));
    }
    try {
      await fill("");
    } catch (err) {
      status.set(describeError(err));
      return;
    }
    const find = h("input", { id: "member-search", type: "search", class: "input input-search", placeholder: "Find someone",
      autocomplete: "off", onInput: debounce(e => fill(e.target.value.trim()).catch(err => person.setError(describeError(err))), 250) });
    const add = button("Add", { variant: "primary", type: "submit" });
    const form = h("form", { class: "add-form", novalidate: true, onSubmit: e => {
      e.preventDefault();
      if (!person.value) { person.setError("Choose someone to add."); return; }
      busy(add, async () => {
        try {
          await api.post("/api/permissions/membership", { group_id: id, user_id: Number(person.value) });
          addPanel.hidden = true;
          await load();
          title.focus();
        } catch (err) { person.setError(describeError(err)); }
      });
    } }, h("div", { class: "field" }, h("label", { class: "label", for: "member-search" }, "Find someone"), find),
      person.wrap, h("div", { class: "add-actions" }, button("Cancel", { onClick: () => { addPanel.hidden = true; } }), add));
    replace(addPanel, form);
    addPanel.hidden = false;
    find.focus();
  }

  load();
  return adminFrame("groups",
    h("nav", { class: "breadcrumbs", "aria-label": "Breadcrumb" },
      h("ol", null, h("li", null, h("a", { href: "/admin/groups" }, "Groups"), icon("chevron", { size: 14 })), h("li", null, crumbName))),
    h("div", { class: "page-header" }, h("div", { class: "page-header-text" }, title, summary), actions),
    status.el, addPanel, content, pages.el);
}

function debounce(fn, ms) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}
