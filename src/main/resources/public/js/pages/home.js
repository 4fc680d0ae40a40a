// Home: a greeting, the person's account, and how to call the API with a key.

import { h, initials } from "../dom.js";
import { appFrame } from "../layout.js";
import { icon } from "../icons.js";
import { session, siteName } from "../session.js";

export function homePage() {
  const user = session.user;
  const name = user.first_name || user.common_name || user.email;
  const example = `curl -H 'x-api-key: YOUR_API_KEY' \\\n  -X GET '${location.origin}/api/permissions/group'`;
  return appFrame(
    h("section", { class: "hero" },
      h("div", { class: "avatar avatar-lg", "aria-hidden": "true", "data-initials": initials(user) }),
      h("div", null,
        h("h1", { class: "page-title", tabindex: "-1" }, `Hello, ${name}`),
        h("p", { class: "muted" }, `Welcome to ${siteName()}.`))),
    h("div", { class: "card-grid" },
      h("section", { class: "card" },
        h("h2", { class: "card-title" }, "Your account"),
        h("dl", { class: "facts" },
          h("dt", null, "Name"), h("dd", null, user.common_name || "—"),
          h("dt", null, "Email"), h("dd", null, user.email),
          h("dt", null, "Role"), h("dd", null, user.is_superuser ? "Administrator" : "Member"))),
      h("section", { class: "card" },
        h("h2", { class: "card-title" }, "Call the API"),
        h("p", { class: "muted" }, "Scripts and tools authenticate with an API key in the x-api-key header:"),
        h("pre", { class: "code" }, h("code", null, example)),
        user.is_superuser
          ? h("a", { href: "/admin/settings/authentication/api-keys", class: "btn btn-default" }, "Manage API Keys")
          : h("p", { class: "muted small" }, "Ask an administrator to create a key for you.")),
      user.is_superuser && h("section", { class: "card" },
        h("h2", { class: "card-title" }, "Administration"),
        h("p", { class: "muted" }, "Shortcuts to the admin settings."),
        h("ul", { class: "link-list" },
          h("li", null, h("a", { href: "/admin/people" }, icon("people"), "People")),
          h("li", null, h("a", { href: "/admin/groups" }, icon("people"), "Groups")),
          h("li", null, h("a", { href: "/admin/settings/authentication" }, icon("lock"), "Authentication"))))));
}
