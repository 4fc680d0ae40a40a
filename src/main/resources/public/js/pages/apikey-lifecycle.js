// Issue 13 in the admin UI: a key's expiry (choice, badge), its last use, the regenerate grace choice, the
// lifetime policy, and the 30-day usage chart, drawn as plain SVG (no library, nothing inline: the CSP holds).

import { api, describeError } from "../api.js";
import { h, replace, selectField, uid, formatDateTime } from "../dom.js";

const DAY = 86_400_000;
const PRESETS = [7, 30, 90, 365];

/** The policy (GET /api/api-key/policy): { max_lifetime_days, exceeding }; null fields when unreadable. */
export async function loadPolicy() {
  try { return await api.get("/api/api-key/policy"); } catch { return { max_lifetime_days: null, exceeding: 0 }; }
}

/**
 * The "Expires" choice: never, 7/30/90/365 days, or a date. With a policy, "never" and longer presets are not offered
 * and the policy maximum is the default. `value()` is the ISO instant to send, or null for never; `current` (ISO or
 * null) is kept as "Unchanged" for an existing key.
 */
export function expiryField({ policyDays, current } = {}) {
  const options = [];
  if (current !== undefined) options.push({ value: "keep", label: current ? `Unchanged (${formatDateTime(current)})` : "Unchanged (never)" });
  if (!policyDays) options.push({ value: "never", label: "Never" });
  for (const d of PRESETS) if (!policyDays || d <= policyDays) options.push({ value: String(d), label: `In ${d} days` });
  if (policyDays && !PRESETS.includes(policyDays)) options.push({ value: String(policyDays), label: `In ${policyDays} days (the maximum)` });
  options.push({ value: "date", label: "On a date…" });
  const initial = current !== undefined ? "keep" : policyDays ? String(policyDays) : "never";
  const hint = policyDays ? `Keys must expire within ${policyDays} days.` : "An expired key stops working, like a deleted one.";
  const choice = selectField({ label: "Expires", value: initial, options, hint });
  const dateId = uid("expires-date");
  const date = h("input", { id: dateId, type: "date", class: "input", hidden: true, "aria-label": "Expiry date",
    min: new Date(Date.now() + DAY).toISOString().slice(0, 10) });
  choice.select.addEventListener("change", () => {
    date.hidden = choice.value !== "date";
    if (!date.hidden) date.focus();
  });
  choice.wrap.insertBefore(date, choice.wrap.querySelector(".hint") || null);
  return {
    wrap: choice.wrap,
    select: choice.select,
    date,
    setError: choice.setError,
    /** undefined: leave as is; null: never; else an ISO instant. */
    value() {
      const v = choice.value;
      if (v === "keep") return undefined;
      if (v === "never") return null;
      if (v === "date") return date.value ? new Date(`${date.value}T00:00:00Z`).toISOString() : "";
      return new Date(Date.now() + Number(v) * DAY).toISOString();
    },
  };
}

/** The regenerate grace choice, explained in one line. */
export function graceField() {
  return selectField({ label: "Keep the old key working", value: "0",
    hint: "During this time both the old and the new key work, so you can roll the new one out without downtime.",
    options: [{ value: "0", label: "No, stop it now" }, { value: "3600", label: "For 1 hour" },
      { value: "86400", label: "For 1 day" }, { value: "604800", label: "For 7 days" }] });
}

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const dayFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium" });

/** "3 days ago", "in 2 hours": the largest unit that fits. */
export function relativeTime(iso, now = Date.now()) {
  const diff = new Date(iso).getTime() - now;
  const abs = Math.abs(diff);
  const [unit, size] = abs >= DAY ? ["day", DAY] : abs >= 3_600_000 ? ["hour", 3_600_000] : abs >= 60_000 ? ["minute", 60_000] : ["second", 1000];
  return relative.format(Math.round(diff / size), unit);
}

/** The "Last used" cell: relative time, the exact time on hover. */
export function lastUsedCell(key) {
  if (!key.last_used_at) return h("span", { class: "muted" }, "Never");
  return h("time", { datetime: key.last_used_at, title: formatDateTime(key.last_used_at) }, relativeTime(key.last_used_at));
}

/** The "Expires" cell: the date with an "expired" or "expires in …" badge. */
export function expiresCell(key, now = Date.now()) {
  if (!key.expires_at) return h("span", { class: "muted" }, "Never");
  const at = new Date(key.expires_at).getTime();
  const badge = at <= now
    ? h("span", { class: "badge badge-danger", "data-testid": "expiry-badge" }, "expired")
    : at - now < 7 * DAY ? h("span", { class: "badge badge-warning", "data-testid": "expiry-badge" }, `expires ${relativeTime(key.expires_at, now)}`)
      : null;
  return h("span", { class: "expires-cell", title: formatDateTime(key.expires_at) },
    h("time", { class: "cell-nowrap", datetime: key.expires_at }, dayFormat.format(new Date(key.expires_at))), badge);
}

/** Sort keys for the table's sortable columns; nulls (never used, never expires) last. */
export const SORTS = {
  "Key name": k => k.name.toLowerCase(),
  "Last used": k => k.last_used_at ? -new Date(k.last_used_at).getTime() : Infinity,
  "Expires": k => k.expires_at ? new Date(k.expires_at).getTime() : Infinity,
};

export function sortKeys(keys, column, descending) {
  const by = SORTS[column] || SORTS["Key name"];
  const sorted = [...keys].sort((a, b) => {
    const x = by(a), y = by(b);
    return x < y ? -1 : x > y ? 1 : a.name.localeCompare(b.name);
  });
  return descending ? sorted.reverse() : sorted;
}

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  for (const c of children.flat()) if (c != null) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

/**
 * Requests and denials per day as bars (denied stacked in red on top of the allowed part), with an axis of the
 * day's maximum and each bar's numbers in its tooltip. `days`: [{date, requests, denied}], oldest first.
 */
export function usageChart(days) {
  const width = 600, height = 180, left = 40, bottom = 22, top = 10;
  const max = Math.max(1, ...days.map(d => d.requests));
  const slot = (width - left) / Math.max(1, days.length);
  const bar = Math.max(2, slot * 0.7);
  const y = v => top + (height - top - bottom) * (1 - v / max);
  const total = days.reduce((s, d) => s + d.requests, 0);
  const denied = days.reduce((s, d) => s + d.denied, 0);
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "usage-chart", role: "img",
      "aria-label": `Requests per day over the last ${days.length} days: ${total} requests, ${denied} denied`,
      "data-testid": "usage-chart" },
    svg("line", { x1: left, x2: width, y1: y(0), y2: y(0), class: "axis" }),
    svg("text", { x: left - 6, y: y(max) + 4, "text-anchor": "end", class: "tick" }, String(max)),
    svg("text", { x: left - 6, y: y(0) + 4, "text-anchor": "end", class: "tick" }, "0"),
    days.map((d, i) => {
      const x = left + i * slot + (slot - bar) / 2;
      const allowed = d.requests - d.denied;
      return svg("g", { class: "day", "data-date": d.date, "data-requests": d.requests, "data-denied": d.denied },
        svg("title", null, `${d.date}: ${d.requests} requests, ${d.denied} denied`),
        d.requests > 0 && svg("rect", { x, y: y(d.requests), width: bar, height: y(0) - y(d.requests), class: "bar-denied" }),
        allowed > 0 && svg("rect", { x, y: y(allowed), width: bar, height: y(0) - y(allowed), class: "bar-requests" }),
        (i === 0 || i === days.length - 1) && svg("text", { x: x + bar / 2, y: height - 6, "text-anchor": "middle", class: "tick" }, d.date.slice(5)));
    }));
  return h("figure", { class: "usage" }, chart,
    h("figcaption", { class: "usage-legend" },
      h("span", { class: "legend legend-requests" }, `${total} requests`),
      h("span", { class: "legend legend-denied" }, `${denied} denied`)));
}

/** The key's details with its usage over 30 days, loaded into `into`. */
export function usageSection(key, into) {
  replace(into, h("p", { class: "muted" }, "Loading usage…"));
  api.get(`/api/api-key/${key.id}/usage?days=30`)
    .then(days => replace(into, h("h3", { class: "section-title" }, "Requests in the last 30 days"), usageChart(days)))
    .catch(err => replace(into, h("div", { class: "alert alert-error", role: "alert" }, describeError(err))));
  return into;
}

/** The Authentication card's policy line: the maximum and how many keys exceed it. */
export function policyLine(policy) {
  if (!policy?.max_lifetime_days) return h("p", { class: "hint", "data-testid": "api-key-policy" }, "No maximum key lifetime: keys may never expire.");
  const n = policy.exceeding;
  return h("p", { class: "hint", "data-testid": "api-key-policy" },
    `Keys must expire within ${policy.max_lifetime_days} days. `,
    n ? h("strong", null, `${n} ${n === 1 ? "key exceeds" : "keys exceed"} it.`) : "Every key is within it.");
}

const POLICY_SETTING = "api-key-max-lifetime-days";

/**
 * Settings → Authentication → API Keys: the lifetime policy, how many keys exceed it, and the setting itself
 * (read-only when MB_API_KEY_MAX_LIFETIME_DAYS fixes it).
 */
export function policySection() {
  const line = h("p", { class: "hint", "data-testid": "api-key-policy" }, "Loading the key lifetime policy…");
  const section = h("div", { class: "policy" }, line);
  Promise.all([loadPolicy(), api.get("/api/setting")]).then(([policy, settings]) => {
    const setting = settings.find(s => s.key === POLICY_SETTING) || {};
    const id = uid("policy");
    const input = h("input", { id, type: "number", min: 1, max: 36500, step: 1, class: "input", value: policy.max_lifetime_days ?? "",
      placeholder: "No maximum", disabled: setting.is_env_setting });
    const status = h("span", { class: "hint", role: "status", "aria-live": "polite" });
    const save = h("button", { type: "submit", class: "btn btn-default", disabled: setting.is_env_setting }, h("span", null, "Save"));
    const form = h("form", { class: "policy-form", novalidate: true, onSubmit: async e => {
      e.preventDefault();
      status.textContent = "";
      try {
        await api.put(`/api/setting/${POLICY_SETTING}`, { value: input.value.trim() ? Number(input.value) : null });
        replace(section, policyLine(await loadPolicy()), form);
        status.textContent = "Saved";
      } catch (err) {
        status.textContent = describeError(err);
      }
    } },
      h("div", { class: "field" }, h("label", { class: "label", for: id }, "Maximum key lifetime (days)"), input,
        setting.is_env_setting && h("div", { class: "hint" }, `Set by the environment variable ${setting.env_name}.`)),
      save, status);
    replace(section, policyLine(policy), form);
  }).catch(err => replace(line, describeError(err)));
  return section;
}
