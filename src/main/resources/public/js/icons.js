// Line icons drawn on a 24x24 grid with currentColor, so they follow the text colour of their button.

const NS = "http://www.w3.org/2000/svg";

/** A cog outline with eight teeth, computed rather than pasted. */
function gearPath() {
  const points = [];
  const teeth = 8;
  for (let i = 0; i < teeth * 4; i += 1) {
    const angle = (Math.PI * 2 * i) / (teeth * 4) - Math.PI / 2;
    const r = i % 4 === 1 || i % 4 === 2 ? 10 : 7.6;
    points.push(`${(12 + r * Math.cos(angle)).toFixed(2)},${(12 + r * Math.sin(angle)).toFixed(2)}`);
  }
  return `M${points.join("L")}Z`;
}

const SHAPES = {
  gear: [["path", { d: gearPath() }], ["circle", { cx: 12, cy: 12, r: 3 }]],
  pencil: [["path", { d: "M4 20l1-4.5L15.5 5a2.1 2.1 0 0 1 3 0l.5.5a2.1 2.1 0 0 1 0 3L8.5 19 4 20z" }], ["path", { d: "M13.5 7l3.5 3.5" }]],
  trash: [["path", { d: "M4 7h16M9.5 7V4.5h5V7M6.5 7l1 13h9l1-13" }], ["path", { d: "M10.5 11v5.5M13.5 11v5.5" }]],
  close: [["path", { d: "M6 6l12 12M18 6L6 18" }]],
  copy: [["rect", { x: 8.5, y: 8.5, width: 11, height: 11, rx: 2 }], ["path", { d: "M15.5 8.5V6a1.5 1.5 0 0 0-1.5-1.5H6A1.5 1.5 0 0 0 4.5 6v8A1.5 1.5 0 0 0 6 15.5h2.5" }]],
  check: [["path", { d: "M5 12.5l4.5 4.5L19 7.5" }]],
  key: [["circle", { cx: 8, cy: 12, r: 4 }], ["path", { d: "M12 12h9M18 12v3.5M21 12v2.5" }]],
  search: [["circle", { cx: 10.5, cy: 10.5, r: 6 }], ["path", { d: "M15 15l5 5" }]],
  chevron: [["path", { d: "M9 6l6 6-6 6" }]],
  plus: [["path", { d: "M12 5v14M5 12h14" }]],
  people: [["circle", { cx: 9, cy: 8.5, r: 3.5 }], ["path", { d: "M2.5 20c.8-3.6 3.3-5.5 6.5-5.5s5.7 1.9 6.5 5.5" }],
           ["path", { d: "M15.5 5.2a3.5 3.5 0 0 1 0 6.6M18 14.8c1.8.7 3 2.4 3.5 5.2" }]],
  lock: [["rect", { x: 5, y: 10.5, width: 14, height: 10, rx: 2 }], ["path", { d: "M8.5 10.5V7.5a3.5 3.5 0 0 1 7 0v3" }]],
  signout: [["path", { d: "M10 4.5H6A1.5 1.5 0 0 0 4.5 6v12A1.5 1.5 0 0 0 6 19.5h4M15 8l4 4-4 4M19 12H9.5" }]],
  more: [["circle", { cx: 5.5, cy: 12, r: 1.3 }], ["circle", { cx: 12, cy: 12, r: 1.3 }], ["circle", { cx: 18.5, cy: 12, r: 1.3 }]],
};

export function icon(name, { size = 18, label } = {}) {
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", size);
  svg.setAttribute("height", size);
  svg.setAttribute("fill", "none");
  svg.setAttribute("stroke", "currentColor");
  svg.setAttribute("stroke-width", "1.8");
  svg.setAttribute("stroke-linecap", "round");
  svg.setAttribute("stroke-linejoin", "round");
  svg.setAttribute("class", `icon icon-${name}`);
  if (label) {
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", label);
  } else {
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
  }
  for (const [tag, attrs] of SHAPES[name] || []) {
    const shape = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) shape.setAttribute(k, v);
    svg.append(shape);
  }
  return svg;
}
