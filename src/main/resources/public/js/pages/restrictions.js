// Key restrictions in the UI (issue 14): the "Restrictions" section of the create/edit key dialogs (read-only
// switch, path and address lists, rate limit) with inline validation, the compact summary the keys tables show,
// and the effective-permissions view. Shared by the admin keys page and the account page's personal keys.
// The server checks everything again; these checks only spare a round trip and point at the field.

import { api, describeError } from "../api.js";
import { h, field, uid } from "../dom.js";
import { openModal } from "../modal.js";
import { button } from "../dom.js";

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/** Splits a textarea's lines or commas into trimmed, non-empty entries. */
function entries(text) { return text.split(/[\n,]+/).map(s => s.trim()).filter(Boolean); }

function validAddress(text) {
  const [addr, bits, extra] = text.split("/");
  if (extra !== undefined) return false;
  const v4 = IPV4.test(addr);
  const v6 = !v4 && addr.includes(":") && /^[0-9a-fA-F:.]+$/.test(addr);
  if (!v4 && !v6) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (v4 ? 32 : 128);
}

function validPath(text) { return /^\/api\/[^?%]*$/.test(text) && !/(^|\/)\.\.?(\/|$)/.test(text); }

function listField({ label, hint, value, placeholder }) {
  const id = uid("list");
  const errorId = `${id}-error`;
  const input = h("textarea", { id, class: "input textarea mono", rows: 2, placeholder, "aria-describedby": `${id}-hint ${errorId}`,
    onInput: () => setError(null) });
  input.value = (value || []).join("\n");
  const error = h("div", { class: "field-error", id: errorId, role: "alert", hidden: true });
  const wrap = h("div", { class: "field" }, h("label", { class: "label", for: id }, label), input,
    h("div", { class: "hint", id: `${id}-hint` }, hint), error);
  function setError(message) {
    error.textContent = message || "";
    error.hidden = !message;
    if (message) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
  }
  return { wrap, input, setError, get values() { return entries(input.value); } };
}

/**
 * The Restrictions section for a key dialog. `value()` is the restrictions object to send, `validate()` marks bad
 * fields and answers false, `showServerErrors(err)` puts a 400's field errors (restrictions.*) beside the fields.
 */
export function restrictionsSection(initial = {}) {
  const readOnlyId = uid("read-only");
  const readOnly = h("input", { type: "checkbox", id: readOnlyId, role: "switch", checked: !!initial.read_only });
  const paths = listField({ label: "Allowed paths", value: initial.allowed_paths, placeholder: "/api/collection",
    hint: "One path prefix per line, starting with /api/. Empty: every path." });
  const ips = listField({ label: "Allowed IP addresses", value: initial.allowed_ips, placeholder: "10.0.0.0/8",
    hint: "One IPv4 or IPv6 address or CIDR block per line. Empty: any address." });
  const rate = initial.rate_limit || {};
  const requests = field({ label: "Rate limit: requests", type: "number", value: rate.requests ?? "", placeholder: "No limit" });
  const seconds = field({ label: "per seconds", type: "number", value: rate.per_seconds ?? "", placeholder: "60" });
  const el = h("fieldset", { class: "restrictions", "data-testid": "restrictions" },
    h("legend", { class: "label" }, "Restrictions"),
    h("p", { class: "hint" }, "Restrictions only narrow what the key can do; they never add to its group's rights."),
    h("label", { class: "checkbox", for: readOnlyId }, readOnly, h("span", null, "Read-only (GET and HEAD only)")),
    paths.wrap, ips.wrap,
    h("div", { class: "field-row" }, requests.wrap, seconds.wrap));

  function value() {
    const n = requests.value.trim();
    const s = seconds.value.trim();
    return {
      read_only: readOnly.checked,
      allowed_paths: paths.values,
      allowed_ips: ips.values,
      rate_limit: n || s ? { requests: Number(n), per_seconds: Number(s) } : null,
    };
  }

  function validate() {
    let ok = true;
    const badPath = paths.values.find(p => !validPath(p));
    if (badPath) { paths.setError(`“${badPath}” must start with /api/ (such as /api/card).`); ok = false; }
    const badIp = ips.values.find(a => !validAddress(a));
    if (badIp) { ips.setError(`“${badIp}” is not an IP address or CIDR block.`); ok = false; }
    const n = requests.value.trim();
    const s = seconds.value.trim();
    if (n || s) {
      if (!/^\d+$/.test(n) || Number(n) < 1) { requests.setError("Enter a whole number of requests, at least 1."); ok = false; }
      if (!/^\d+$/.test(s) || Number(s) < 1 || Number(s) > 86400) { seconds.setError("Enter seconds from 1 to 86400."); ok = false; }
    }
    return ok;
  }

  function showServerErrors(err) {
    const fields = { "restrictions.allowed_paths": paths, "restrictions.allowed_ips": ips,
      "restrictions.rate_limit.requests": requests, "restrictions.rate_limit.per_seconds": seconds,
      "restrictions.rate_limit": requests };
    let shown = false;
    for (const [name, message] of Object.entries(err.fieldErrors || {})) {
      if (fields[name]) { fields[name].setError(message); shown = true; }
    }
    return shown;
  }

  return { el, value, validate, showServerErrors, readOnly };
}

/** Whether two restrictions objects say the same (for a dialog's Save button). */
export function sameRestrictions(a, b) {
  const norm = r => JSON.stringify({ read_only: !!r?.read_only, allowed_paths: r?.allowed_paths || [],
    allowed_ips: r?.allowed_ips || [], rate_limit: r?.rate_limit || null });
  return norm(a) === norm(b);
}

/** "Read-only · 2 paths · 1 IP · 100/60 s", or "None". */
export function restrictionSummary(r) {
  if (!r) return "None";
  const parts = [];
  if (r.read_only) parts.push("Read-only");
  if (r.allowed_paths?.length) parts.push(r.allowed_paths.length === 1 ? r.allowed_paths[0] : `${r.allowed_paths.length} paths`);
  if (r.allowed_ips?.length) parts.push(r.allowed_ips.length === 1 ? r.allowed_ips[0] : `${r.allowed_ips.length} IP ranges`);
  if (r.rate_limit) parts.push(`${r.rate_limit.requests}/${r.rate_limit.per_seconds} s`);
  return parts.length ? parts.join(" · ") : "None";
}

/** The summary as a small line under a key in a table, or nothing for an unrestricted key. */
export function restrictionLine(r) {
  const summary = restrictionSummary(r);
  return summary === "None" ? null : h("div", { class: "hint restriction-summary", title: summary }, summary);
}

/** The key's detail view: GET /api/api-key/:id/permissions, in a modal. */
export async function openPermissions(key) {
  const body = h("div", { "data-testid": "key-permissions", "aria-busy": "true" }, h("p", { class: "muted" }, "Loading…"));
  const modal = openModal({ title: `What “${key.name}” can do`, body,
    footer: button("Done", { variant: "primary", onClick: () => modal.close() }) });
  try {
    const p = await api.get(`/api/api-key/${key.id}/permissions`);
    const list = items => items.length ? items.join(", ") : "none";
    body.replaceChildren(h("dl", { class: "facts" },
      h("dt", null, "Acts as"), h("dd", null, p.active ? `user ${p.acts_as_user_id}${p.is_superuser ? " (admin)" : ""}` : "nobody: inactive"),
      h("dt", null, "Groups"), h("dd", null, list(p.groups.map(g => g.name))),
      h("dt", null, "Methods"), h("dd", null, list(p.allowed_methods)),
      h("dt", null, "Paths"), h("dd", null, p.allowed_paths.length ? p.allowed_paths.join(", ") : "all"),
      h("dt", null, "Addresses"), h("dd", null, p.restrictions.allowed_ips.length ? p.restrictions.allowed_ips.join(", ") : "any"),
      h("dt", null, "Rate limit"), h("dd", null, p.restrictions.rate_limit
        ? `${p.restrictions.rate_limit.requests} requests per ${p.restrictions.rate_limit.per_seconds} s` : "none"),
      h("dt", null, "Reads collections"), h("dd", { "data-testid": "permissions-read" }, list(p.collections.read)),
      h("dt", null, "Writes collections"), h("dd", { "data-testid": "permissions-write" }, list(p.collections.write))));
  } catch (err) {
    body.replaceChildren(h("div", { class: "alert alert-error", role: "alert" }, describeError(err)));
  } finally {
    body.removeAttribute("aria-busy");
  }
  return modal;
}
