// The one way the UI talks to the server: the same /api any client uses, with the session cookie.
// Errors carry Metabase's bodies: {"errors": {field: message}} for 400/401, plain text otherwise.

export class ApiError extends Error {
  constructor(status, body) {
    super(typeof body === "string" && body ? body : `Request failed (${status})`);
    this.status = status;
    this.body = body;
  }

  /** The per-field messages of a 400/401 body, or {}. */
  get fieldErrors() {
    return this.body && typeof this.body === "object" && this.body.errors && typeof this.body.errors === "object"
      ? this.body.errors : {};
  }
}

let onUnauthenticated = () => {};

/** Called when a signed-in request comes back 401 (the session expired or was signed out elsewhere). */
export function setUnauthenticatedHandler(fn) { onUnauthenticated = fn; }

async function request(method, path, body, { quiet401 = false } = {}) {
  const init = { method, headers: { Accept: "application/json" }, credentials: "same-origin" };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, "Can't reach the server. Check your connection and try again.");
  }
  const text = await response.text();
  let parsed = text;
  if (text && (response.headers.get("Content-Type") || "").includes("json")) {
    try { parsed = JSON.parse(text); } catch (e) { parsed = text; }
  }
  if (!response.ok) {
    if (response.status === 401 && !quiet401) onUnauthenticated();
    throw new ApiError(response.status, parsed);
  }
  return response.status === 204 ? null : parsed;
}

export const api = {
  get: (path, opts) => request("GET", path, undefined, opts),
  post: (path, body, opts) => request("POST", path, body ?? {}, opts),
  put: (path, body, opts) => request("PUT", path, body ?? {}, opts),
  del: (path, opts) => request("DELETE", path, undefined, opts),
};

/** A human sentence for any error, for places that have no field to attach it to. */
export function describeError(err) {
  if (!(err instanceof ApiError)) return "Something went wrong. Please try again.";
  const fields = Object.values(err.fieldErrors);
  if (fields.length) return fields.join(" ");
  if (typeof err.body === "string" && err.body) return err.body;
  if (err.body && typeof err.body.message === "string") return err.body.message;
  if (err.status === 403) return "You don't have permissions to do that.";
  if (err.status === 404) return "Not found.";
  return `The server answered ${err.status}. Please try again.`;
}
