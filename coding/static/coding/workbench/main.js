// The coding workbench's entry point: fills the filters, wires the page's events to the
// modules and draws the first view. Highlights, selection -> code-point offsets, the code
// picker, moments in the margin, filters, keyboard navigation, search and suggestions live in the
// modules imported here; offsets.js, escape.js, filters.js, segments.js, merge.js, steps.js
// and textsearch.js are pure (tested with `node --test tests/js/`).

import { drawCodebook, togglePin } from "./codebook.js";
import { editPanel, focusCoding } from "./codings.js";
import { $, cfg, clusters, state, textArea, turns } from "./context.js";
import { draw } from "./draw.js";
import { escapeHtml } from "./escape.js";
import { openMomentEditor } from "./moments.js";
import { initStripes } from "./stripes.js";
import { onKey } from "./keys.js";
import { pointAt } from "./offsets.js";
import { closePicker, openPicker, picker } from "./picker.js";
import { initSearch, runSearch } from "./search.js";
import { selectionOffsets, selectOffsets } from "./selection.js";
import { drawSuggestCard, focusSuggestion, loadMoreSuggestions, recompute } from "./suggestions.js";
import { hideTip, showTip } from "./tip.js";
import { toast } from "./toast.js";

function fillFilters() {
  const coderSelect = $("#filter-coder");
  for (const name of cfg.coders) {
    coderSelect.insertAdjacentHTML("beforeend", `<option value="${escapeHtml(name)}">${escapeHtml(name)}</option>`);
  }
  const codeSelect = $("#filter-code");
  for (const cl of clusters.values()) {
    const options = cfg.codes
      .filter((c) => c.cluster_id === cl.id)
      .map((c) => `<option value="code:${c.id}">${escapeHtml(c.name)}</option>`)
      .join("");
    codeSelect.insertAdjacentHTML(
      "beforeend",
      `<optgroup label="${escapeHtml(cl.name)}"><option value="cluster:${cl.id}">All of ${escapeHtml(cl.name)}</option>${options}</optgroup>`,
    );
  }
}

function onClick(event) {
  const hinted = event.target.closest(".seg.sugg:not(.coded)");
  if (hinted && window.getSelection().isCollapsed) {
    // A suggestion that is not also coded: clicking it brings it into focus.
    const ids = hinted.dataset.sugg.split(" ").map(Number);
    const at = ids.indexOf(state.focusSugg);
    focusSuggestion(state.suggestions.find((x) => x.id === ids[(at + 1) % ids.length]));
    return;
  }
  const seg = event.target.closest(".seg.coded");
  if (!seg || !window.getSelection().isCollapsed) return;
  const ids = seg.dataset.ids.split(" ").map(Number);
  const at = ids.indexOf(state.active); // repeated clicks cycle through stacked codings
  state.active = ids[(at + 1) % ids.length];
  draw();
  editPanel(state.active);
}

function init() {
  fillFilters();
  $("#wb-filters").addEventListener("change", draw);
  document.addEventListener("keydown", onKey);
  textArea.addEventListener("mouseup", () => {
    const span = selectionOffsets();
    if (span && cfg.canWrite) {
      state.selection = span;
      openPicker(span);
    }
  });
  textArea.addEventListener("mouseover", (event) => {
    const seg = event.target.closest(".seg.coded, .seg.sugg");
    if (seg) showTip(seg);
    else hideTip();
  });
  textArea.addEventListener("mouseleave", hideTip);
  textArea.addEventListener("click", onClick);
  initStripes(draw);
  $("#wb-stripes").addEventListener("click", (event) => {
    const stripe = event.target.closest(".stripe");
    const coding = stripe && state.codings.find((c) => c.id === Number(stripe.dataset.id));
    if (coding) focusCoding(coding);
  });
  $("#wb-margin").addEventListener("click", (event) => {
    const bar = event.target.closest(".moment");
    const moment = bar && state.moments.find((m) => m.id === Number(bar.dataset.id));
    if (moment) openMomentEditor(moment, draw);
  });
  $("#codebook-list").addEventListener("click", (event) => {
    const button = event.target.closest("[data-pin]");
    if (button) togglePin(Number(button.dataset.pin));
  });
  document.addEventListener("mousedown", (event) => {
    if (!picker.hidden && !picker.contains(event.target)) closePicker();
  });
  window.addEventListener("resize", draw); // moments and stripes follow the reflowed text
  const recomputeButton = $("#sugg-recompute");
  if (recomputeButton) recomputeButton.onclick = recompute;
  draw();
  drawCodebook();
  drawSuggestCard();
  loadMoreSuggestions();
  initSearch();
  const wanted = location.hash.match(/^#suggestion-(\d+)$/);
  if (wanted) {
    // From the suggestions page's review queue: focus it (gone if decided or recomputed).
    const sugg = state.suggestions.find((x) => x.id === Number(wanted[1]));
    if (sugg) focusSuggestion(sugg);
    else toast("That suggestion is no longer open.");
  }
  const hash = location.hash.match(/^#(coding|moment|at)-(\d+)(?:-(\d+))?$/);
  if (hash && hash[1] === "at") openAt(Number(hash[2]), Number(hash[3] || hash[2]));
  else if (hash && hash[1] === "coding") {
    const coding = state.codings.find((c) => c.id === Number(hash[2]));
    if (coding) focusCoding(coding);
  } else if (hash) {
    const bar = $(`#wb-margin .moment[data-id="${hash[2]}"]`);
    const moment = state.moments.find((m) => m.id === Number(hash[2]));
    if (bar && moment) {
      bar.scrollIntoView({ block: "center" });
      openMomentEditor(moment, draw);
    }
  }
  document.body.dataset.wbReady = String(Math.round(performance.now()));
}

/** #at-START-END (from the study-wide search): that place selected (ready to code) and in
 * view; with ?q= in the address the search box holds the query and its hits are shown. */
function openAt(start, end) {
  const address = new URLSearchParams(location.search);
  const query = address.get("q");
  if (query) {
    $("#wb-search-q").value = query;
    $("#wb-search-whole").checked = address.get("whole") === "1";
    runSearch(query, start);
  }
  if (end > start) selectOffsets(start, end);
  const point = pointAt(turns, start);
  if (point) point[0].parentElement.scrollIntoView({ block: "center" });
}

init();
