// Modals on the native <dialog> (the page behind becomes inert), plus an explicit Tab wrap so focus
// stays inside, Escape to close, and focus returned to whatever opened the modal.

import { h, uid, button, busy, formError } from "./dom.js";
import { icon } from "./icons.js";
import { describeError } from "./api.js";

const FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";

/**
 * Opens a modal. `body` and `footer` are nodes; with `onSubmit` both sit in a <form> so Enter submits.
 * Returns {close}. `onClose` runs once however the modal is closed (button, Escape, or close()).
 */
export function openModal({ title, body, footer, onSubmit, onClose, size = "md", initialFocus }) {
  const titleId = uid("modal-title");
  const opener = document.activeElement;
  let closed = false;
  const closeButton = h("button", { type: "button", class: "icon-btn modal-close", "aria-label": "Close",
    onClick: () => close() }, icon("close"));
  const content = onSubmit
    ? h("form", { class: "modal-form", novalidate: true, onSubmit: e => { e.preventDefault(); onSubmit(e); } },
        h("div", { class: "modal-body" }, body), footer && h("div", { class: "modal-footer" }, footer))
    : h("div", { class: "modal-form" }, h("div", { class: "modal-body" }, body),
        footer && h("div", { class: "modal-footer" }, footer));
  const dialog = h("dialog", { class: `modal modal-${size}`, "aria-labelledby": titleId, "aria-modal": "true" },
    h("div", { class: "modal-header" }, h("h2", { id: titleId, class: "modal-title" }, title), closeButton),
    content);
  dialog.addEventListener("cancel", e => { e.preventDefault(); close(); });
  dialog.addEventListener("keydown", e => trapTab(e, dialog));
  document.body.append(dialog);
  dialog.showModal();
  const first = initialFocus || dialog.querySelector(".modal-body input:not([readonly]):not([disabled]), .modal-body select")
    || dialog.querySelector(".modal-footer .btn-primary, .modal-footer .btn-danger") || closeButton;
  first.focus();

  function close() {
    if (closed) return;
    closed = true;
    dialog.close();
    dialog.remove();
    if (opener && opener.isConnected && typeof opener.focus === "function") opener.focus();
    onClose?.();
  }
  return { close, dialog };
}

function trapTab(e, dialog) {
  if (e.key !== "Tab") return;
  const items = [...dialog.querySelectorAll(FOCUSABLE)].filter(el => el.offsetParent !== null || el === document.activeElement);
  if (!items.length) return;
  const first = items[0];
  const last = items[items.length - 1];
  if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
  else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
}

/**
 * A yes/no question whose "yes" runs an async action; errors stay in the modal so the person can retry or cancel.
 */
export function confirmModal({ title, message, confirmLabel, cancelLabel = "Cancel", danger = false, action, onDone,
                               onCancel }) {
  const error = formError();
  let succeeded = false;
  const confirm = button(confirmLabel, { variant: danger ? "danger" : "primary", type: "submit" });
  const modal = openModal({
    title,
    size: "sm",
    body: [h("div", { class: "modal-text" }, message), error.el],
    footer: [button(cancelLabel, { variant: danger ? "danger-outline" : "default", onClick: () => modal.close() }), confirm],
    initialFocus: confirm,
    onClose: () => { if (!succeeded) onCancel?.(); },
    onSubmit: () => busy(confirm, async () => {
      try {
        const result = await action();
        succeeded = true;
        modal.close();
        onDone?.(result);
      } catch (err) {
        error.set(describeError(err));
      }
    }),
  });
  return modal;
}

/** A button that opens a small menu of actions; arrow keys move, Escape closes. */
export function menuButton({ trigger, items, align = "right" }) {
  const menuId = uid("menu");
  trigger.setAttribute("aria-haspopup", "menu");
  trigger.setAttribute("aria-expanded", "false");
  trigger.setAttribute("aria-controls", menuId);
  const menu = h("div", { class: `menu menu-${align}`, id: menuId, role: "menu", hidden: true });
  const wrap = h("div", { class: "menu-wrap" }, trigger, menu);

  function entries() { return [...menu.querySelectorAll("[role=menuitem]")]; }
  function open() {
    menu.replaceChildren(...items().map(item => {
      const attrs = { role: "menuitem", class: `menu-item${item.danger ? " is-danger" : ""}`, tabindex: "-1" };
      const el = item.href
        ? h("a", { ...attrs, href: item.href }, item.icon && icon(item.icon), h("span", null, item.label))
        : h("button", { ...attrs, type: "button" }, item.icon && icon(item.icon), h("span", null, item.label));
      el.addEventListener("click", () => { close(false); item.onSelect?.(); });
      return el;
    }));
    menu.hidden = false;
    trigger.setAttribute("aria-expanded", "true");
    entries()[0]?.focus();
    document.addEventListener("mousedown", outside, true);
  }
  function close(refocus = true) {
    if (menu.hidden) return;
    menu.hidden = true;
    trigger.setAttribute("aria-expanded", "false");
    document.removeEventListener("mousedown", outside, true);
    if (refocus) trigger.focus();
  }
  function outside(e) { if (!wrap.contains(e.target)) close(false); }
  trigger.addEventListener("click", () => (menu.hidden ? open() : close()));
  trigger.addEventListener("keydown", e => { if (e.key === "ArrowDown" && menu.hidden) { e.preventDefault(); open(); } });
  menu.addEventListener("keydown", e => {
    const list = entries();
    const i = list.indexOf(document.activeElement);
    if (e.key === "ArrowDown") { e.preventDefault(); list[(i + 1) % list.length]?.focus(); }
    else if (e.key === "ArrowUp") { e.preventDefault(); list[(i - 1 + list.length) % list.length]?.focus(); }
    else if (e.key === "Escape") { e.preventDefault(); close(); }
    else if (e.key === "Tab") close(false);
  });
  return wrap;
}
