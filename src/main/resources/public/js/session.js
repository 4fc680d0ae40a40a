// Who is signed in and what the server says about itself. Reloaded after setup, sign-in and sign-out.

import { api, ApiError } from "./api.js";

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

export function siteName() {
  return (session.properties && session.properties["site-name"]) || "Latchkey";
}
