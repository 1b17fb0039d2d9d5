// Search in the transcript: every hit tinted (CSS Custom Highlights, so the segments' markup
// is untouched), the current one stronger and scrolled to; Enter / Shift+Enter (or the arrow
// buttons) go to the next / previous hit with a count "3 of 12"; Esc clears. `/` focuses the
// box (keys.js). The matching is textsearch.js (pure); hits are code-point spans.

import { $, turns } from "./context.js";
import { pointAt } from "./offsets.js";
import { findInTurns, hitFrom, hitStep, queryProblem } from "./textsearch.js";

const found = { query: "", problem: "", hits: [], current: -1 };
const box = () => $("#wb-search-q");

function rangeOf(hit) {
  const a = pointAt(turns, hit.start);
  const b = pointAt(turns, hit.end, true);
  if (!a || !b) return null;
  const range = document.createRange();
  range.setStart(...a);
  range.setEnd(...b);
  return range;
}

/** Tint every hit and the current one (again after each redraw of the turns). */
export function drawSearch() {
  if (!window.CSS?.highlights) return;
  const ranges = found.hits.map(rangeOf);
  CSS.highlights.set("search-hit", new Highlight(...ranges.filter(Boolean)));
  const current = ranges[found.current];
  CSS.highlights.set("search-current", current ? new Highlight(current) : new Highlight());
}

function say() {
  const count = $("#wb-search-count");
  if (!found.query) count.textContent = found.problem;
  else if (!found.hits.length) count.textContent = "no hits";
  else count.textContent = `${found.current + 1} of ${found.hits.length}`;
  $("#wb-search-prev").disabled = $("#wb-search-next").disabled = found.hits.length < 2;
}

function show(index) {
  found.current = index;
  drawSearch();
  say();
  const hit = found.hits[index];
  const point = hit && pointAt(turns, hit.start);
  if (point) {
    point[0].parentElement.scrollIntoView({ block: "center" });
    document.body.dataset.searchAt = `${hit.start}-${hit.end}`;
  }
}

/** Search for `query`; the current hit is the first at or after code point `from`. */
export function runSearch(query, from = 0) {
  const problem = queryProblem(query);
  // An empty box says nothing; any other problem (too long, accents alone) is said.
  found.problem = problem && query.trim() ? problem : "";
  found.query = problem ? "" : query;
  found.hits = found.query ? findInTurns(turns, query) : [];
  if (found.hits.length) show(hitFrom(found.hits, from));
  else {
    found.current = -1;
    drawSearch();
    say();
  }
}

/** Next (1) or previous (-1) hit. */
export function stepSearch(direction) {
  if (box().value !== found.query || !found.hits.length) runSearch(box().value);
  else show(hitStep(found.hits, found.current, direction));
}

export function initSearch() {
  const input = box();
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    // Live for two characters or more; a single letter waits for Enter (thousands of hits).
    timer = setTimeout(() => {
      if ([...input.value.trim()].length >= 2 || !input.value.trim()) runSearch(input.value);
    }, 150);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      clearTimeout(timer);
      stepSearch(event.shiftKey ? -1 : 1);
    } else if (event.key === "Escape") {
      input.value = "";
      runSearch("");
      input.blur();
    }
  });
  $("#wb-search").addEventListener("submit", (event) => event.preventDefault());
  $("#wb-search-next").addEventListener("click", () => stepSearch(1));
  $("#wb-search-prev").addEventListener("click", () => stepSearch(-1));
  say();
}
