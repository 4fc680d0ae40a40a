// Boot and route table. Every route is public (setup, sign-in), signed-in, or admin-only; admin pages
// show a clear message to anyone else instead of the page.

import { setUnauthenticatedHandler, describeError } from "./api.js";
import { h, replace } from "./dom.js";
import { appFrame } from "./layout.js";
import { icon } from "./icons.js";
import { startRouter, navigate, match } from "./router.js";
import { session, loadProperties, loadUser, forget } from "./session.js";
import { setupPage } from "./pages/setup.js";
import { loginPage } from "./pages/login.js";
import { homePage } from "./pages/home.js";
import { generalPage, authenticationPage } from "./pages/settings.js";
import { apiKeysPage } from "./pages/apikeys.js";
import { accountKeysPage } from "./pages/account.js";
import { peoplePage } from "./pages/people.js";
import { groupsPage, groupPage } from "./pages/groups.js";

const ROUTES = [
  { path: "/setup", page: setupPage, access: "setup", title: "Set up" },
  { path: "/auth/login", page: loginPage, access: "public", title: "Sign in" },
  { path: "/", page: homePage, access: "user", title: "Home" },
  { path: "/account/api-keys", page: accountKeysPage, access: "user", title: "API keys" },
  { path: "/admin", redirect: "/admin/settings/general", access: "admin" },
  { path: "/admin/settings", redirect: "/admin/settings/general", access: "admin" },
  { path: "/admin/settings/general", page: generalPage, access: "admin", title: "General · Admin settings" },
  { path: "/admin/settings/authentication", page: authenticationPage, access: "admin", title: "Authentication · Admin settings" },
  { path: "/admin/settings/authentication/api-keys", page: apiKeysPage, access: "admin", title: "Manage API Keys · Admin settings" },
  { path: "/admin/people", page: peoplePage, access: "admin", title: "People · Admin settings" },
  { path: "/admin/groups", page: groupsPage, access: "admin", title: "Groups · Admin settings" },
  { path: "/admin/groups/:id", page: groupPage, access: "admin", title: "Group · Admin settings" },
];

const root = document.getElementById("app");
let renderCount = 0;

async function render() {
  const thisRender = (renderCount += 1);
  const path = location.pathname.replace(/\/+$/, "") || "/";
  document.querySelectorAll("dialog").forEach(d => d.remove()); // modals belong to the page being left
  try {
    const found = ROUTES.map(r => ({ route: r, params: match(r.path, path) })).find(m => m.params);
    const needsUser = found?.route.access === "user" || found?.route.access === "admin" || !found;
    // The caller is asked for beside the server's properties, not after them: one round trip less before a page.
    const user = needsUser && !session.user ? loadUser().catch(err => err) : null;
    if (!session.properties) await loadProperties();
    if (!session.properties["has-user-setup"]) {
      if (path !== "/setup") return navigate("/setup", { replace: true });
    } else if (path === "/setup") {
      return navigate("/", { replace: true });
    }
    if (needsUser) {
      const loaded = user ? await user : session.user;
      if (loaded instanceof Error) throw loaded;
      if (!loaded) {
        const back = location.pathname + location.search;
        return navigate(`/auth/login${back === "/" ? "" : `?redirect=${encodeURIComponent(back)}`}`, { replace: true });
      }
    }
    if (!found) return show(thisRender, notFound(), "Page not found");
    const { route, params } = found;
    if (route.access === "admin" && !session.user.is_superuser) return show(thisRender, forbidden(), "Admin settings");
    if (route.redirect) return navigate(route.redirect, { replace: true });
    const node = await route.page({ params, query: new URLSearchParams(location.search) });
    if (node) show(thisRender, node, route.title);
  } catch (err) {
    show(thisRender, appFrame(h("div", { class: "empty-state" },
      h("h1", { class: "page-title", tabindex: "-1" }, "Something went wrong"),
      h("p", null, describeError(err)),
      h("a", { href: location.pathname, class: "btn btn-default" }, "Try again"))), "Error");
  }
}

function show(renderId, node, title) {
  if (renderId !== renderCount) return; // a newer navigation already won
  replace(root, node);
  document.title = title ? `${title} · Latchkey` : "Latchkey";
  const heading = root.querySelector("h1");
  if (heading && !document.querySelector("dialog[open]")) heading.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

function forbidden() {
  return appFrame(h("div", { class: "empty-state", "data-testid": "forbidden" },
    h("div", { class: "empty-icon" }, icon("lock", { size: 30 })),
    h("h1", { class: "page-title", tabindex: "-1" }, "Sorry, you don’t have permission to see that."),
    h("p", null, "Admin settings are only available to administrators. Ask an administrator if you need access."),
    h("a", { href: "/", class: "btn btn-primary" }, "Back to home")));
}

function notFound() {
  return appFrame(h("div", { class: "empty-state" },
    h("h1", { class: "page-title", tabindex: "-1" }, "We’re a little lost…"),
    h("p", null, "The page you asked for couldn't be found."),
    h("a", { href: "/", class: "btn btn-primary" }, "Back to home")));
}

setUnauthenticatedHandler(() => {
  if (!session.user) return;
  forget();
  const back = location.pathname + location.search;
  navigate(`/auth/login?redirect=${encodeURIComponent(back)}`, { replace: true });
});

startRouter(render);
