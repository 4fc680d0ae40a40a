// Sign-in. The API answers 401 with {"errors":{"password":...}} for a wrong email or password and
// {"errors":{"username":"Too many attempts! ..."}} when throttled; both become a clear sentence here.

import { api, ApiError, describeError } from "../api.js";
import { h, field, button, busy, formError } from "../dom.js";
import { icon } from "../icons.js";
import { navigate } from "../router.js";
import { loadProperties, loadUser, session } from "../session.js";

export function loginPage({ query }) {
  if (session.user) {
    navigate(safeRedirect(query.get("redirect")), { replace: true });
    return null;
  }
  const email = field({ label: "Email address", type: "email", autocomplete: "username", placeholder: "nicetoseeyou@email.com" });
  const password = field({ label: "Password", type: "password", autocomplete: "current-password" });
  const remember = h("input", { type: "checkbox", id: "remember-me", checked: true });
  const error = formError();
  const submit = button("Sign in", { variant: "primary", type: "submit" });
  submit.classList.add("btn-block");

  async function onSubmit(e) {
    e.preventDefault();
    error.set(null);
    let ok = true;
    if (!email.value.trim()) { email.setError("Enter your email address."); ok = false; }
    if (!password.value) { password.setError("Enter your password."); ok = false; }
    if (!ok) return;
    await busy(submit, async () => {
      try {
        await api.post("/api/session", { username: email.value.trim(), password: password.value, remember: remember.checked },
          { quiet401: true });
        await loadProperties();
        await loadUser();
        navigate(safeRedirect(query.get("redirect")), { replace: true });
      } catch (err) {
        error.set(signInMessage(err));
        password.input.select();
        password.input.focus();
      }
    });
  }

  return h("div", { class: "auth-page" },
    h("div", { class: "auth-card" },
      h("div", { class: "auth-logo" }, icon("key", { size: 28 })),
      h("h1", { class: "auth-title", tabindex: "-1" }, "Sign in to Latchkey"),
      h("form", { class: "stack", novalidate: true, onSubmit },
        error.el, email.wrap, password.wrap,
        h("label", { class: "checkbox", for: "remember-me" }, remember, h("span", null, "Remember me")),
        submit)));
}

export function signInMessage(err) {
  if (!(err instanceof ApiError)) return describeError(err);
  const f = err.fieldErrors;
  if (f.username && /too many attempts/i.test(f.username)) return f.username;
  if (f.password === "did not match stored password") {
    return "That email address and password don't match. Check them and try again.";
  }
  if (f._error) return f._error;
  return describeError(err);
}

/** Only same-site paths, so a crafted ?redirect= can't send someone to another site after signing in. */
function safeRedirect(target) {
  return target && target.startsWith("/") && !target.startsWith("//") && !target.startsWith("/auth/") ? target : "/";
}
