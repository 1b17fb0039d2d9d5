// Search in the transcript: every hit tinted (CSS Custom Highlights, so the segments' markup
// is untouched), the current one stronger and scrolled to; Enter / Shift+Enter (or the arrow
// buttons) go to the next / previous hit with a count "3 of 12"; Esc clears. `/` focuses the
// box (keys.js). The matching is textsearch.js (pure); hits are code-point spans.

import { $, turns } from "./context.js";
import { cpToUnits } from "./offsets.js";
import { findInTurns, hitFrom, hitStep, queryProblem } from "./textsearch.js";

const found = { query: "", whole: false, problem: "", hits: [], ranges: [], current: -1 };
const box = () => $("#wb-search-q");
const whole = () => $("#wb-search-whole").checked;

/** The drawn segments of every turn in text order, [{s, e, node}], to place hits by bisection
 * (pointAt scans the turns: too slow for thousands of hits). */
function segmentsNow() {
  const segs = [];
  for (const turn of turns) {
    for (const el of turn.el.children) {
      if (el.firstChild) segs.push({ s: Number(el.dataset.s), e: Number(el.dataset.e), node: el.firstChild });
    }
  }
  return segs;
}

/** DOM point of code point `cp`: in the segment starting at or before it (before it when
 * `preferEnd`, so an end never lands at the start of the next segment). */
function pointIn(segs, cp, preferEnd) {
  let lo = 0;
  let hi = segs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (preferEnd ? segs[mid].s < cp : segs[mid].s <= cp) lo = mid;
    else hi = mid - 1;
  }
  const seg = segs[lo];
  if (!seg || cp < seg.s || cp > seg.e) return null;
  return [seg.node, cpToUnits(seg.node.data, cp - seg.s)];
}

/** Static ranges of the hits in the turns as drawn now. */
function rangesOf(hits) {
  const segs = segmentsNow();
  return hits.map((hit) => {
    const a = pointIn(segs, hit.start, false);
    const b = pointIn(segs, hit.end, true);
    if (!a || !b) return null;
    // Static, not live: a live range is updated on every change of the DOM, and redrawing
    // the turns with thousands of them registered took seconds.
    return new StaticRange({ startContainer: a[0], startOffset: a[1], endContainer: b[0], endOffset: b[1] });
  });
}

function drawCurrent() {
  const current = found.ranges[found.current];
  CSS.highlights.set("search-current", current ? new Highlight(current) : new Highlight());
}

/** Tint every hit and the current one (again after each redraw of the turns). */
export function drawSearch() {
  found.ranges = rangesOf(found.hits);
  if (!window.CSS?.highlights) return;
  CSS.highlights.set("search-hit", new Highlight(...found.ranges.filter(Boolean)));
  drawCurrent();
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
  if (window.CSS?.highlights) drawCurrent();
  say();
  const hit = found.hits[index];
  const range = found.ranges[index];
  if (hit && range) {
    range.startContainer.parentElement.scrollIntoView({ block: "center" });
    document.body.dataset.searchAt = `${hit.start}-${hit.end}`;
  }
}

/** Search for `query`; the current hit is the first at or after code point `from`. */
export function runSearch(query, from = 0) {
  const problem = queryProblem(query);
  // An empty box says nothing; any other problem (too long, accents alone) is said.
  found.problem = problem && query.trim() ? problem : "";
  found.query = problem ? "" : query;
  found.whole = whole();
  found.hits = found.query ? findInTurns(turns, query, found.whole) : [];
  const study = $("#wb-search-study"); // the same search across the study, one click away
  const address = new URLSearchParams(found.query ? { q: found.query, ...(found.whole && { whole_words: "1" }) } : {});
  study.search = address.toString();
  found.current = -1;
  drawSearch();
  if (found.hits.length) show(hitFrom(found.hits, from));
  else say();
}

/** Next (1) or previous (-1) hit. */
export function stepSearch(direction) {
  if (box().value !== found.query || whole() !== found.whole || !found.hits.length) runSearch(box().value);
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
  $("#wb-search-whole").addEventListener("change", () => runSearch(input.value));
  $("#wb-search-next").addEventListener("click", () => stepSearch(1));
  $("#wb-search-prev").addEventListener("click", () => stepSearch(-1));
  say();
}
