// First run: a welcome step, then the first admin's account. POST /api/setup with the setup token from
// /api/session/properties creates the admin and signs them in (the response sets the session cookie).

import { api, describeError } from "../api.js";
import { h, field, button, busy, formError, replace } from "../dom.js";
import { icon } from "../icons.js";
import { navigate } from "../router.js";
import { session, loadProperties, loadUser } from "../session.js";

export function setupPage() {
  const card = h("div", { class: "auth-card auth-card-wide" });
  replace(card, welcome(() => {
    replace(card, accountForm());
    card.querySelector("input")?.focus();
  }));
  return h("div", { class: "auth-page" }, card);
}

function welcome(next) {
  return [
    h("div", { class: "auth-logo" }, icon("key", { size: 28 })),
    h("h1", { class: "auth-title", tabindex: "-1" }, "Welcome to Latchkey"),
    h("p", { class: "auth-lead" },
      "Let's set up your instance. You'll create the first administrator, who can then add people, groups and API keys."),
    button("Let's get started", { variant: "primary", onClick: next }),
  ];
}

/** A plain-language version of the server's password rule, e.g. "at least 6 characters, including 1 number". */
export function passwordRule(rules) {
  if (!rules) return "";
  const parts = [];
  const classes = { lower: "lower case letter", upper: "upper case letter", digit: "number", special: "special character" };
  for (const [k, label] of Object.entries(classes)) {
    if (rules[k]) parts.push(`${rules[k]} ${label}${rules[k] === 1 ? "" : "s"}`);
  }
  return `Must be at least ${rules.total || 6} characters long${parts.length ? ` and include ${parts.join(", ")}` : ""}.`;
}

const capitalize = s => (s ? s[0].toUpperCase() + s.slice(1) : s);

function accountForm() {
  const rule = passwordRule(session.properties?.["password-complexity"]);
  const first = field({ label: "First name", autocomplete: "given-name" });
  const last = field({ label: "Last name", autocomplete: "family-name" });
  const email = field({ label: "Email", type: "email", autocomplete: "email", placeholder: "nicetoseeyou@email.com" });
  const site = field({ label: "Company or team name", placeholder: "Department of Awesome" });
  const password = field({ label: "Create a password", type: "password", autocomplete: "new-password", hint: rule });
  const confirm = field({ label: "Confirm your password", type: "password", autocomplete: "new-password" });
  const error = formError();
  const submit = button("Finish setup", { variant: "primary", type: "submit" });
  const byField = { first_name: first, last_name: last, email, site_name: site, password };

  async function onSubmit(e) {
    e.preventDefault();
    error.set(null);
    const missing = [[email, "Enter your email address."], [site, "Enter your company or team name."],
      [password, "Create a password."]].filter(([f]) => !f.value.trim());
    missing.forEach(([f, msg]) => f.setError(msg));
    if (password.value && confirm.value !== password.value) { confirm.setError("Passwords do not match."); missing.push(confirm); }
    if (missing.length) return;
    await busy(submit, async () => {
      try {
        const props = await loadProperties();
        await api.post("/api/setup", {
          token: props["setup-token"],
          user: { first_name: first.value.trim() || null, last_name: last.value.trim() || null,
            email: email.value.trim(), password: password.value, site_name: site.value.trim() },
          prefs: { site_name: site.value.trim(), allow_tracking: false },
        }, { quiet401: true });
        await loadProperties();
        await loadUser();
        navigate("/", { replace: true });
      } catch (err) {
        const fields = err.fieldErrors || {};
        let shown = false;
        for (const [name, message] of Object.entries(fields)) {
          const f = byField[name];
          if (f) { f.setError(capitalize(message)); shown = true; }
        }
        if (!shown) error.set(err.status === 403 ? "This instance is already set up. Sign in instead." : describeError(err));
        if (err.status === 403) { session.properties = null; }
      }
    });
  }

  return [
    h("h1", { class: "auth-title", tabindex: "-1" }, "What should we call you?"),
    h("p", { class: "auth-lead" }, "This will be the first administrator account."),
    h("form", { class: "stack", novalidate: true, onSubmit },
      error.el,
      h("div", { class: "field-row" }, first.wrap, last.wrap),
      email.wrap, site.wrap, password.wrap, confirm.wrap, submit),
  ];
}
