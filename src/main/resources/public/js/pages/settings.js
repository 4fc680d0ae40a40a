// The Settings tab: General (what this instance is) and Authentication (ways to sign in or call the API).

import { api, describeError } from "../api.js";
import { h, replace } from "../dom.js";
import { icon } from "../icons.js";
import { settingsFrame, pageTitle } from "../layout.js";
import { session, siteName } from "../session.js";
import { passwordRule } from "./setup.js";

export function generalPage() {
  const props = session.properties || {};
  const rows = [
    ["Site name", siteName(), "The name shown in the top bar and on the home page."],
    ["Site URL", location.origin, "The address people and API clients use to reach this instance."],
    ["Version", props.version?.tag || "—", "The running Latchkey release."],
    ["Password rule", passwordRule(props["password-complexity"]) || "—", "Set with MB_PASSWORD_COMPLEXITY when starting the server."],
  ];
  return settingsFrame("general",
    pageTitle("General"),
    h("section", { class: "card settings-list" },
      rows.map(([label, value, help]) => h("div", { class: "setting-row" },
        h("div", null, h("div", { class: "setting-label" }, label), h("div", { class: "hint" }, help)),
        h("div", { class: "setting-value" }, value)))));
}

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
        badge, footer: [action, error], testid: "api-keys-card" })));
}

function authCard({ iconName, title, description, badge, footer, testid }) {
  const headingId = `card-${title.toLowerCase().replace(/\W+/g, "-")}`;
  return h("section", { class: "card auth-setting-card", "aria-labelledby": headingId, "data-testid": testid },
    h("div", { class: "auth-card-head" },
      h("span", { class: "card-icon" }, icon(iconName, { size: 20 })),
      h("h2", { class: "card-title", id: headingId }, title),
      badge),
    h("p", { class: "muted" }, description),
    h("div", { class: "card-actions" }, footer));
}
