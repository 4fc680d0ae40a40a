// Who is signed in and what the server says about itself. Reloaded after setup, sign-in and sign-out.

import { api, ApiError } from "./api.js";
import { navigate } from "./router.js";

export const session = { properties: null, user: null };

export async function loadProperties() {
  session.properties = await api.get("/api/session/properties", { quiet401: true });
  return session.properties;
}

/** The signed-in person, or null when the session is missing or expired. */
export async function loadUser() {
  try {
    session.user = await api.get("/api/user/current", { quiet401: true });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) session.user = null;
    else throw err;
  }
  return session.user;
}

export function forget() { session.user = null; }

/**
 * Ends the session and shows the sign-in page. A menu action rather than a URL, so another site cannot sign
 * people out by linking to a page.
 */
export async function signOut() {
  try { await api.del("/api/session", { quiet401: true }); } catch (e) { /* already signed out */ }
  forget();
  session.properties = null;
  navigate("/auth/login", { replace: true });
}

export function siteName() {
  return (session.properties && session.properties["site-name"]) || "Latchkey";
}
