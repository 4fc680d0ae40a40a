// Previous / next paging for long admin lists (people, groups, a group's members): the page is fetched from the
// API with limit and offset, so first paint does not depend on how many rows there are.

import { h, button } from "./dom.js";

export const PAGE_SIZE = 25;

/**
 * A pager bar. onPage(offset) loads that page. update({ offset, shown, total }) sets the range text and which
 * buttons work; total may be null (only whether there is a next page is known, from hasNext).
 */
export function pager(label, onPage) {
  const range = h("span", { class: "muted pager-range", "aria-live": "polite" });
  let offset = 0;
  const prev = button("Previous", { onClick: () => onPage(Math.max(0, offset - PAGE_SIZE)) });
  const next = button("Next", { onClick: () => onPage(offset + PAGE_SIZE) });
  const el = h("nav", { class: "pager", "aria-label": label }, range, h("div", { class: "pager-buttons" }, prev, next));
  return {
    el,
    update({ offset: at, shown, total = null, hasNext = null }) {
      offset = at;
      const more = hasNext ?? (total != null && at + shown < total);
      range.textContent = shown === 0 ? "" : `${at + 1}–${at + shown}${total != null ? ` of ${total.toLocaleString("en-US")}` : ""}`;
      prev.disabled = at === 0;
      next.disabled = !more;
      el.hidden = at === 0 && !more;
    },
  };
}
