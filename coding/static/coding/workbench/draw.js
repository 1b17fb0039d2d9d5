// Drawing the transcript: the segments of every turn (codings and suggestions, see
// segments.js), the moments as bars in the margin and the status line.

import { applyStyles } from "../../qualcode/styles.js";
import { $, currentFilter, state, textArea, turns, viewer } from "./context.js";
import { escapeHtml } from "./escape.js";
import { visibleCodings, visibleMoments, visibleSuggestions } from "./filters.js";
import { pointAt } from "./offsets.js";
import { turnHtml } from "./segments.js";

/** The codings the filters let through. */
export function shownCodings() {
  return visibleCodings(state.codings, currentFilter(), viewer);
}

/** The suggestions the filters let through. */
export function shownSuggestions() {
  return visibleSuggestions(state.suggestions, currentFilter(), viewer);
}

export function drawMoments() {
  const margin = $("#wb-margin");
  const box = textArea.getBoundingClientRect();
  const bars = [];
  for (const m of visibleMoments(state.moments, currentFilter(), viewer)) {
    const a = pointAt(turns, m.start);
    const b = pointAt(turns, m.end, true);
    if (!a || !b) continue;
    const range = document.createRange();
    range.setStart(...a);
    range.setEnd(...b);
    const rects = range.getClientRects();
    if (!rects.length) continue;
    const top = rects[0].top - box.top;
    const bottom = rects[rects.length - 1].bottom - box.top;
    const title = `${m.valence} (${m.intensity}/5) by ${m.rater}${m.note ? ": " + m.note : ""}`;
    bars.push(
      `<div class="moment ${escapeHtml(m.valence)}" data-id="${m.id}" data-style="top:${top}px;height:${bottom - top}px" title="${escapeHtml(title)}"></div>`,
    );
  }
  margin.innerHTML = bars.join("");
  applyStyles(margin);
}

/** Redraw every turn, the margin and the status line from the state. */
export function draw() {
  const shown = shownCodings();
  const suggs = shownSuggestions();
  const look = { active: state.active, focusSugg: state.focusSugg, codes: viewer.codes };
  for (const turn of turns) turn.el.innerHTML = turnHtml(turn, shown, suggs, look);
  applyStyles(textArea);
  drawMoments();
  const hints = suggs.length ? `, ${suggs.length} suggestion${suggs.length === 1 ? "" : "s"}` : "";
  $("#wb-status").textContent = `${shown.length} codings, ${state.moments.length} moments shown${hints}`;
}
