// A tiny DOM toolkit: h() builds elements (no innerHTML anywhere, so data can never become markup),
// plus form fields whose labels, hints and errors are tied to their inputs for assistive technology.

const PROPERTIES = new Set(["value", "checked", "disabled", "readOnly", "selected", "indeterminate"]);
let counter = 0;

export function uid(prefix = "lk") { counter += 1; return `${prefix}-${counter}`; }

export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (PROPERTIES.has(key)) el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** A text input (or textarea-like) with its label, optional hint and an error slot. */
export function field({ label, type = "text", value = "", hint, required, autocomplete, placeholder, readOnly,
                        disabled, monospace, name, onInput }) {
  const id = uid("field");
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  const input = h("input", {
    id, type, value, name, placeholder, autocomplete, readOnly, disabled, required,
    class: monospace ? "input mono" : "input",
    "aria-describedby": [hintId, errorId].filter(Boolean).join(" "),
    onInput: e => { setError(null); onInput?.(e); },
  });
  const error = h("div", { class: "field-error", id: errorId, role: "alert", hidden: true });
  const wrap = h("div", { class: "field" },
    h("label", { class: "label", for: id }, label),
    input,
    hint && h("div", { class: "hint", id: hintId }, hint),
    error);
  function setError(message) {
    error.textContent = message || "";
    error.hidden = !message;
    if (message) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
  }
  return { wrap, input, setError, get value() { return input.value; } };
}

/** A native select (keyboard-friendly everywhere) with a placeholder option and an error slot. */
export function selectField({ label, options, value, placeholder, hint }) {
  const id = uid("select");
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  const select = h("select", { id, class: "input select", "aria-describedby": [hintId, errorId].filter(Boolean).join(" "),
      onChange: () => setError(null) },
    placeholder && h("option", { value: "", disabled: true, selected: value == null }, placeholder),
    options.map(o => h("option", { value: String(o.value), selected: value != null && String(o.value) === String(value) }, o.label)));
  const error = h("div", { class: "field-error", id: errorId, role: "alert", hidden: true });
  const wrap = h("div", { class: "field" },
    h("label", { class: "label", for: id }, label), select,
    hint && h("div", { class: "hint", id: hintId }, hint), error);
  function setError(message) {
    error.textContent = message || "";
    error.hidden = !message;
    if (message) select.setAttribute("aria-invalid", "true"); else select.removeAttribute("aria-invalid");
  }
  return { wrap, select, setError, get value() { return select.value; } };
}

/** A form-level error banner; empty and hidden until set. */
/**
 * Runs a page's loading step against a busy area: `work` fetches and renders; a failure replaces the area with
 * the error as `describe` words it. The area stops being busy either way.
 */
export async function loadInto(area, work, describe) {
  try {
    await work();
  } catch (err) {
    replace(area, h("div", { class: "alert alert-error", role: "alert" }, describe(err)));
  } finally {
    area.removeAttribute("aria-busy");
  }
}

export function formError() {
  const el = h("div", { class: "alert alert-error", role: "alert", hidden: true });
  return {
    el,
    set(message) { el.textContent = message || ""; el.hidden = !message; },
  };
}

export function button(label, { variant = "default", type = "button", onClick, disabled, ariaLabel, icon: iconNode,
                                 title } = {}) {
  return h("button", { type, class: `btn btn-${variant}`, onClick, disabled, "aria-label": ariaLabel, title },
    iconNode, label && h("span", null, label));
}

/** Runs an async action with the button showing progress and disabled, so double clicks send one request. */
export async function busy(btn, action) {
  btn.disabled = true;
  btn.classList.add("is-busy");
  try { return await action(); } finally {
    btn.disabled = false;
    btn.classList.remove("is-busy");
  }
}

const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short" });

/** A timestamp to the minute, e.g. "Feb 20, 2024, 10:11 AM"; empty for null. */
export function formatDateTime(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? "" : dateFormat.format(d);
}

export function plural(n, one, many) { return `${n} ${n === 1 ? one : many}`; }

export function initials(person) {
  const first = (person.first_name || "").trim();
  const last = (person.last_name || "").trim();
  const letters = (first[0] || "") + (last[0] || "");
  return (letters || (person.email || "?")[0]).toUpperCase();
}

export function displayName(person) {
  const name = [person.first_name, person.last_name].filter(s => s && s.trim()).join(" ");
  return person.common_name || name || person.email;
}
