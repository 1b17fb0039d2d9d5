// Coding stripes: beside the text, one coloured bar per coding shown, from its first line to
// its last, with the code's name along it; overlapping codings side by side (lanes.js). A
// switch above the text turns them on (remembered per study); a click on a stripe opens the
// coding as a click on its underline does.

import { applyStyles } from "../../qualcode/styles.js";
import { $, codes, state, storeKey, textArea, turns } from "./context.js";
import { escapeHtml } from "./escape.js";
import { codeColour } from "./filters.js";
import { assignLanes } from "./lanes.js";
import { pointAt } from "./offsets.js";

const LANE = 15; // px between lanes
const SWITCH = storeKey("stripes");

export function stripesOn() {
  return Boolean($("#show-stripes")?.checked);
}

export function initStripes(redraw) {
  const toggle = $("#show-stripes");
  if (!toggle) return;
  toggle.checked = localStorage.getItem(SWITCH) === "on";
  toggle.addEventListener("change", () => {
    localStorage.setItem(SWITCH, toggle.checked ? "on" : "off");
    redraw();
  });
}

/** Where each shown coding lies on the page, top and bottom relative to the text area. */
function extents(shown) {
  const area = textArea.getBoundingClientRect();
  const items = [];
  for (const coding of shown) {
    const a = pointAt(turns, coding.start);
    const b = pointAt(turns, coding.end, true);
    if (!a || !b) continue;
    const range = document.createRange();
    range.setStart(...a);
    range.setEnd(...b);
    const rects = range.getClientRects();
    if (!rects.length) continue;
    const top = rects[0].top - area.top;
    items.push({ id: coding.id, top, bottom: rects[rects.length - 1].bottom - area.top, coding });
  }
  return items;
}

export function drawStripes(shown) {
  const box = $("#wb-stripes");
  if (!box) return;
  const on = stripesOn();
  textArea.classList.toggle("with-stripes", on); // before measuring: it narrows the text
  if (!on) {
    box.innerHTML = "";
    return;
  }
  const items = extents(shown);
  const { lanes } = assignLanes(items);
  box.innerHTML = items
    .map(({ id, top, bottom, coding }) => {
      const name = (codes.get(coding.code) || { name: "?" }).name;
      const style = `top:${top}px;height:${Math.max(bottom - top, 10)}px;left:${lanes.get(id) * LANE}px;--c:${codeColour(coding.code, codes)}`;
      const label = `${name} · ${coding.coder}`;
      return `<button type="button" class="stripe${state.active === id ? " active" : ""}" data-id="${id}" data-style="${style}" title="${escapeHtml(label)}" aria-label="${escapeHtml(label)}"><span>${escapeHtml(name)}</span></button>`;
    })
    .join("");
  applyStyles(box);
}
