// Page chrome: the top bar with the gear menu, and the admin frame with its tabs and settings menu.

import { h } from "./dom.js";
import { icon } from "./icons.js";
import { menuButton } from "./modal.js";
import { session, siteName, signOut } from "./session.js";

function brand() {
  return h("a", { href: "/", class: "brand", "aria-label": `${siteName()} home` },
    h("span", { class: "brand-mark" }, icon("key", { size: 18 })),
    h("span", { class: "brand-name" }, siteName()));
}

function gearMenu() {
  const trigger = h("button", { type: "button", class: "icon-btn gear", "aria-label": "Settings menu", title: "Settings" },
    icon("gear", { size: 22 }));
  return menuButton({
    trigger,
    items: () => [
      session.user?.is_superuser && { label: "Admin settings", href: "/admin/settings/general", icon: "gear" },
      { label: "API keys", href: "/account/api-keys", icon: "key" },
      { label: "Sign out", icon: "signout", onSelect: signOut },
    ].filter(Boolean),
  });
}

/** The signed-in frame: top bar (brand left, gear right) and the page below. */
export function appFrame(...content) {
  const user = session.user;
  return h("div", { class: "frame" },
    h("header", { class: "topbar" },
      brand(),
      h("div", { class: "topbar-right" },
        user && h("span", { class: "topbar-user" }, user.common_name || user.email),
        gearMenu())),
    h("main", { class: "page", id: "main" }, content));
}

const TABS = [
  { id: "settings", label: "Settings", href: "/admin/settings/general" },
  { id: "people", label: "People", href: "/admin/people" },
  { id: "groups", label: "Groups", href: "/admin/groups" },
];

/** The admin frame: a dark bar with the Settings / People / Groups tabs and "Exit admin". */
export function adminFrame(activeTab, ...content) {
  return h("div", { class: "frame admin" },
    h("header", { class: "adminbar" },
      h("div", { class: "adminbar-left" },
        h("a", { href: "/", class: "brand brand-inverse", "aria-label": `${siteName()} home` },
          h("span", { class: "brand-mark" }, icon("key", { size: 18 })),
          h("span", { class: "brand-name" }, "Admin")),
        h("nav", { class: "tabs", "aria-label": "Admin sections" },
          TABS.map(t => h("a", { href: t.href, class: `tab${t.id === activeTab ? " is-active" : ""}`,
            "aria-current": t.id === activeTab ? "page" : null }, t.label)))),
      h("div", { class: "adminbar-right" },
        h("a", { href: "/", class: "exit-admin" }, "Exit admin"),
        gearMenu())),
    h("main", { class: "page admin-page", id: "main" }, content));
}

const SETTINGS = [
  { id: "general", label: "General", href: "/admin/settings/general" },
  { id: "authentication", label: "Authentication", href: "/admin/settings/authentication" },
];

/** The Settings tab: a left menu (General, Authentication) beside the section. */
export function settingsFrame(activeSection, ...content) {
  return adminFrame("settings",
    h("div", { class: "settings-layout" },
      h("nav", { class: "side-nav", "aria-label": "Settings sections" },
        h("ul", null, SETTINGS.map(s => h("li", null,
          h("a", { href: s.href, class: `side-link${s.id === activeSection ? " is-active" : ""}`,
            "aria-current": s.id === activeSection ? "page" : null }, s.label))))),
      h("div", { class: "settings-content" }, content)));
}

/**
 * A page heading (focused after navigation, so screen readers announce the new page), an optional line
 * below it, and optional actions on the right.
 */
export function pageTitle(text, below, actions) {
  return h("div", { class: "page-header" },
    h("div", { class: "page-header-text" }, h("h1", { class: "page-title", tabindex: "-1" }, text), below),
    actions);
}
