// The Settings tab: General (what this instance is) and Authentication (ways to sign in or call the API).

import { api, describeError } from "../api.js";
import { busy, button, field, formError, h, replace, selectField } from "../dom.js";
import { icon } from "../icons.js";
import { settingsFrame, pageTitle } from "../layout.js";
import { loadProperties, session } from "../session.js";
import { passwordRule } from "./setup.js";
import { policySection } from "./apikey-lifecycle.js";

const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/** The editable settings of the General page, in order: key, label, kind of input. */
const GENERAL = [
  { key: "site-name", label: "Site name" },
  { key: "site-url", label: "Site URL", placeholder: () => location.origin },
  { key: "admin-email", label: "Email address for help requests", type: "email" },
  { key: "site-locale", label: "Default language", placeholder: () => "en" },
  { key: "start-of-week", label: "First day of the week", options: DAYS },
];

export function generalPage() {
  const props = session.properties || {};
  const readOnly = [
    ["Version", props.version?.tag || "—", "The running Latchkey release."],
    ["Password rule", passwordRule(props["password-complexity"]) || "—", "Set with MB_PASSWORD_COMPLEXITY when starting the server."],
  ];
  const form = h("form", { class: "card settings-form", "aria-label": "General settings", novalidate: true },
    h("p", { class: "muted" }, "Loading settings…"));
  api.get("/api/setting").then(list => fillGeneralForm(form, list)).catch(err => replace(form, errorLine(describeError(err))));
  return settingsFrame("general",
    pageTitle("General"),
    form,
    h("section", { class: "card settings-list" },
      readOnly.map(([label, value, help]) => h("div", { class: "setting-row" },
        h("div", null, h("div", { class: "setting-label" }, label), h("div", { class: "hint" }, help)),
        h("div", { class: "setting-value" }, value)))));
}

/**
 * One input per setting, showing the value in force; a setting fixed by its environment variable is read-only and
 * says which variable. "Save changes" sends only what changed, in one PUT /api/setting (all or nothing).
 */
function fillGeneralForm(form, list) {
  const byKey = Object.fromEntries(list.map(s => [s.key, s]));
  const props = session.properties || {};
  const inputs = [];
  for (const def of GENERAL) {
    const setting = byKey[def.key];
    if (!setting) continue;
    const current = props[def.key] ?? setting.value ?? "";
    const hint = setting.is_env_setting ? `Set by the environment variable ${setting.env_name}.` : setting.description;
    const input = def.options
      ? selectField({ label: def.label, value: current || setting.default, hint,
          options: def.options.map(d => ({ value: d, label: d[0].toUpperCase() + d.slice(1) })) })
      : field({ label: def.label, value: current, hint, type: def.type || "text", readOnly: setting.is_env_setting,
          placeholder: def.placeholder?.() });
    const control = input.input || input.select;
    if (setting.is_env_setting) control.disabled = true;
    inputs.push({ key: def.key, input, control, initial: control.value, fixed: setting.is_env_setting });
  }
  const error = formError();
  const status = h("span", { class: "hint", role: "status", "aria-live": "polite" });
  const save = button("Save changes", { variant: "primary", type: "submit" });
  form.onsubmit = async e => {
    e.preventDefault();
    error.set(null);
    status.textContent = "";
    const changes = {};
    for (const i of inputs) if (!i.fixed && i.control.value !== i.initial) changes[i.key] = i.control.value.trim() || null;
    if (!Object.keys(changes).length) { status.textContent = "Nothing to save."; return; }
    await busy(save, async () => {
      try {
        await api.put("/api/setting", changes);
        const fresh = await loadProperties();
        // show what the server kept (it normalises, e.g. a site URL gets its scheme)
        for (const i of inputs) if (!i.fixed && i.key in fresh) i.initial = i.control.value = fresh[i.key] ?? "";
        status.textContent = "Saved";
      } catch (err) {
        error.set(describeError(err));
      }
    });
  };
  replace(form, error.el, inputs.map(i => i.input.wrap), h("div", { class: "card-actions" }, save, status));
}

function errorLine(message) { return h("div", { class: "field-error", role: "alert" }, message); }

export function authenticationPage() {
  const badge = h("span", { class: "badge", "data-testid": "api-keys-badge" }, "…");
  const action = h("a", { href: "/admin/settings/authentication/api-keys", class: "btn btn-default" }, "Manage");
  const error = h("div", { class: "field-error", role: "alert", hidden: true });
  api.get("/api/api-key/count").then(count => {
    const n = Number(count) || 0;
    replace(badge, n === 1 ? "1 API Key" : `${n} API Keys`);
    badge.classList.toggle("badge-active", n > 0);
    replace(action, n > 0 ? "Manage" : "Set up");
  }).catch(err => {
    badge.hidden = true;
    error.textContent = describeError(err);
    error.hidden = false;
  });

  const rule = passwordRule(session.properties?.["password-complexity"]);
  return settingsFrame("authentication",
    pageTitle("Authentication"),
    h("div", { class: "auth-cards" },
      authCard({ iconName: "lock", title: "Password sign-in",
        description: "People sign in with their email address and a password.",
        badge: h("span", { class: "badge badge-active" }, "Active"),
        footer: rule ? h("p", { class: "hint" }, rule) : null }),
      authCard({ iconName: "key", title: "API Keys", description: "Create keys to authenticate API calls.",
        badge, footer: [action, error], testid: "api-keys-card" }, policySection())));
}

function authCard({ iconName, title, description, badge, footer, testid }, extra) {
  const headingId = `card-${title.toLowerCase().replace(/\W+/g, "-")}`;
  return h("section", { class: "card auth-setting-card", "aria-labelledby": headingId, "data-testid": testid },
    h("div", { class: "auth-card-head" },
      h("span", { class: "card-icon" }, icon(iconName, { size: 20 })),
      h("h2", { class: "card-title", id: headingId }, title),
      badge),
    h("p", { class: "muted" }, description),
    h("div", { class: "card-actions" }, footer),
    extra);
}
