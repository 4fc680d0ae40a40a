// Showing a secret once (a generated password) and generating one in the browser.

import { h, button, replace, uid } from "./dom.js";
import { icon } from "./icons.js";
import { openModal } from "./modal.js";

const LOWER = "abcdefghijkmnopqrstuvwxyz";
const UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
const DIGITS = "23456789";
const SPECIAL = "!#%+-=?@^_";

/** 16 characters from crypto.getRandomValues with every class present, so any complexity rule accepts it. */
export function generatePassword(length = 16) {
  const all = LOWER + UPPER + DIGITS + SPECIAL;
  const random = n => { const a = new Uint32Array(1); crypto.getRandomValues(a); return a[0] % n; };
  const chars = [LOWER, UPPER, DIGITS, SPECIAL].map(set => set[random(set.length)]);
  while (chars.length < length) chars.push(all[random(all.length)]);
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = random(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join("");
}

/** A modal that shows a secret with a Copy button and a warning that it won't be shown again. */
export function showSecretOnce({ title, label, secret, warning, onClose }) {
  const inputId = uid("secret");
  const input = h("input", { id: inputId, class: "input mono", readOnly: true, value: secret, spellcheck: "false",
    "aria-describedby": `${inputId}-warning`, onFocus: e => e.target.select() });
  const live = h("span", { class: "sr-only", "aria-live": "polite" });
  const copy = button("Copy", { icon: icon("copy"), onClick: async () => {
    const ok = await copyToClipboard(secret, input);
    replace(copy, icon(ok ? "check" : "copy"), h("span", null, ok ? "Copied" : "Press Ctrl+C to copy"));
    live.textContent = ok ? "Copied to the clipboard." : "Select the text and copy it.";
  } });
  copy.classList.add("copy-btn");
  const modal = openModal({
    title,
    body: [
      h("div", { class: "field" }, h("label", { class: "label", for: inputId }, label),
        h("div", { class: "input-group" }, input, copy), live),
      h("div", { class: "alert alert-info", id: `${inputId}-warning` }, warning),
    ],
    footer: button("Done", { variant: "primary", onClick: () => modal.close() }),
    initialFocus: copy,
    onClose,
  });
  return modal;
}

/** The clipboard API where allowed; otherwise select the text and fall back to the copy command. */
export async function copyToClipboard(text, input) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (e) {
    input.focus();
    input.select();
    try { return document.execCommand("copy"); } catch (e2) { return false; }
  }
}
