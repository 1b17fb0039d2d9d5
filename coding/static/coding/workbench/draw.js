// Drawing the transcript: the segments of every turn (codings and suggestions, see
// segments.js), the moments (moments.js) and the status line.

import { applyStyles } from "../../qualcode/styles.js";
import { $, currentFilter, state, textArea, turns, viewer } from "./context.js";
import { bestSuggestions, visibleCodings, visibleSuggestions } from "./filters.js";
import { drawMoments } from "./moments.js";
import { drawSearch } from "./search.js";
import { turnHtml } from "./segments.js";
import { drawStripes } from "./stripes.js";

/** The codings the filters let through. */
export function shownCodings() {
  return visibleCodings(state.codings, currentFilter(), viewer);
}

/** The suggestions the filters let through: the best N of them, or none when switched off. */
export function shownSuggestions() {
  const visible = visibleSuggestions(state.suggestions, currentFilter(), viewer);
  return bestSuggestions(visible, state.suggBest, state.suggShow);
}

/** Redraw every turn, the margin and the status line from the state. */
export function draw() {
  const shown = shownCodings();
  const suggs = shownSuggestions();
  const look = { active: state.active, focusSugg: state.focusSugg, codes: viewer.codes };
  for (const turn of turns) turn.el.innerHTML = turnHtml(turn, shown, suggs, look);
  applyStyles(textArea);
  drawStripes(shown);
  drawMoments();
  drawSearch(); // the turns were redrawn: the hits' ranges point into the new nodes
  const hints = suggs.length ? `, ${suggs.length} suggestion${suggs.length === 1 ? "" : "s"}` : "";
  $("#wb-status").textContent = `${shown.length} codings, ${state.moments.length} moments shown${hints}`;
}

export { drawMoments };
