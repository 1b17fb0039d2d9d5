// Suggestions from the spaCy recommenders: focusing them (s/S or a click), accepting (on the
// adjusted selection), rejecting, accepting all of a code, the card in the side bar and the
// recompute job with its progress.

import { applyStyles } from "../../qualcode/styles.js";
import { api } from "./api.js";
import { drawCodebook, remember } from "./codebook.js";
import { takeCoding } from "./codings.js";
import { pickedCode, pickerHtml } from "./clusterpick.js";
import { $, cfg, clusters, codes, state, textArea, turns } from "./context.js";
import { draw, shownSuggestions } from "./draw.js";
import { escapeHtml } from "./escape.js";
import { isCluster, suggColour, suggName } from "./filters.js";
import { coveredBy } from "./merge.js";
import { quoteOf } from "./offsets.js";
import { clearSelection, selectionOffsets, selectOffsets } from "./selection.js";
import { suggestionStep } from "./steps.js";
import { toast } from "./toast.js";

const nameOf = (sugg) => suggName(sugg, codes, clusters);

// A per-transcript cap (the best N by score) and a show/hide switch, kept in this browser.
// The server sends at most the study's cap (cfg.suggestBest, 0: no cap); a larger choice here
// fetches the best of that many instead (shippedBest: the cap the list in hand was cut to).
const studyBest = Number(cfg.suggestBest) || 0;
const BEST_CHOICES = [...new Set([5, 10, 20, 50, studyBest || 20, 0])].sort((a, b) => (a || 1e9) - (b || 1e9));
let shippedBest = studyBest;
const needsMore = (best) => shippedBest !== 0 && (best === 0 || best > shippedBest);
const stored = (key, fallback) => {
  try {
    const value = window.localStorage.getItem(key);
    return value === null ? fallback : JSON.parse(value);
  } catch {
    return fallback;
  }
};
const keep = (key, value) => {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // private windows may refuse storage: the choice lasts for this page only
  }
};
const fallbackBest = studyBest || 20;
state.suggBest = BEST_CHOICES.includes(stored("qc.suggBest", fallbackBest)) ? stored("qc.suggBest", fallbackBest) : fallbackBest;
state.suggShow = stored("qc.suggShow", true) !== false;

function focusedSuggestion() {
  return state.suggestions.find((x) => x.id === state.focusSugg) || null;
}

/** Bring `sugg` (or nothing, with null) into focus; its span becomes the selection. */
export function focusSuggestion(sugg) {
  state.focusSugg = sugg ? sugg.id : null;
  if (sugg) state.suggCursor = sugg.start;
  draw();
  drawSuggestCard();
  if (!sugg) return;
  // Its span becomes the selection, so J/K (or the mouse) can adjust it before accepting.
  selectOffsets(sugg.start, sugg.end);
  const seg = textArea.querySelector(`.seg[data-sugg~="${sugg.id}"]`);
  if (seg) seg.scrollIntoView({ block: "center" });
}

/** s (direction 1) / S (-1): the next or previous suggestion shown. */
export function stepSuggestion(direction) {
  if (!state.suggShow) return toast("Suggestions are switched off: tick “show” to see them.");
  const next = suggestionStep(shownSuggestions(), state.focusSugg, state.suggCursor, direction);
  if (!next) return toast("No open suggestions here.");
  focusSuggestion(next);
}

function dropSuggestions(test) {
  state.suggestions = state.suggestions.filter((x) => !test(x));
  if (!focusedSuggestion()) state.focusSugg = null;
}

function takeMade(made) {
  // An accepted suggestion's coding or moment joins the page's state; returns the test for
  // the suggestions it covers.
  if (made.kind === "moment") {
    const { kind, ...moment } = made;
    state.moments = [...state.moments.filter((m) => m.id !== moment.id), { note: "", ...moment }];
    return coveredBy(made, made.valence);
  }
  const { kind, ...coding } = made;
  takeCoding({ transcript: cfg.transcript, memo: "", ...coding });
  const code = codes.get(made.code);
  return coveredBy(made, made.code, code ? code.cluster_id : null);
}

function adjustedSpan(sugg) {
  // The selection, if the member moved the suggestion's bounds (J/K or the mouse).
  const sel = selectionOffsets() || state.selection;
  if (!sel || sel.start >= sugg.end || sel.end <= sugg.start) return null;
  if (sel.start === sugg.start && sel.end === sugg.end) return null;
  return { start: sel.start, end: sel.end };
}

export async function acceptSuggestion(sugg = focusedSuggestion()) {
  if (!cfg.canWrite) return toast("Viewers cannot accept suggestions.");
  if (!sugg) return toast("No suggestion in focus: press s.");
  const span = adjustedSpan(sugg);
  const picked = pickedCode(sugg);
  if (isCluster(sugg) && !picked.code) return toast("This cluster has no active code to pick.");
  try {
    const made = await api("POST", `suggestions/${sugg.id}/accept/`, { ...(span || {}), ...picked });
    const covered = takeMade(made);
    dropSuggestions((x) => x.id === sugg.id || covered(x));
    state.focusSugg = null;
    clearSelection();
    if (made.kind === "coding") remember(made.code);
    draw();
    drawCodebook();
    drawSuggestCard();
    const name = made.kind === "coding" ? suggName({ code: made.code }, codes) : "";
    toast(made.kind === "moment" ? `Marked a ${made.valence} moment` : `Coded as “${name}”${span ? " (adjusted)" : ""}`);
  } catch (error) {
    toast(error.message);
  }
}

export async function rejectSuggestion(sugg = focusedSuggestion()) {
  if (!cfg.canWrite) return toast("Viewers cannot reject suggestions.");
  if (!sugg) return toast("No suggestion in focus: press s.");
  try {
    await api("POST", `suggestions/${sugg.id}/reject/`);
    dropSuggestions((x) => x.id === sugg.id);
    state.focusSugg = null;
    clearSelection();
    draw();
    drawSuggestCard();
    toast(`Rejected “${nameOf(sugg)}”`);
  } catch (error) {
    toast(error.message);
  }
}

export async function acceptAllSuggestions(sugg = focusedSuggestion()) {
  if (!cfg.canWrite) return toast("Viewers cannot accept suggestions.");
  if (!sugg) return toast("No suggestion in focus: press s.");
  if (sugg.code === null) return toast("Accept all works for codes, not clusters or moments.");
  const threshold = cfg.suggestThreshold;
  try {
    const result = await api("POST", "suggestions/accept-all/", { transcript: cfg.transcript, code: sugg.code, threshold });
    const covers = result.codings.map(takeMade);
    dropSuggestions((x) => (x.code === sugg.code && x.score >= threshold) || covers.some((covered) => covered(x)));
    state.focusSugg = null;
    clearSelection();
    remember(sugg.code);
    draw();
    drawCodebook();
    drawSuggestCard();
    toast(`Accepted ${result.accepted} suggestion${result.accepted === 1 ? "" : "s"} of “${nameOf(sugg)}”`);
  } catch (error) {
    toast(error.message);
  }
}

async function reloadSuggestions() {
  try {
    // The best of as many as the page shows, never more than asked.
    const best = state.suggBest;
    state.suggestions = await api("GET", `suggestions/?transcript=${cfg.transcript}&best=${best}`);
    shippedBest = best;
    if (!focusedSuggestion()) state.focusSugg = null;
    draw();
    drawSuggestCard();
  } catch (error) {
    toast(error.message);
  }
}

function showJob(job) {
  const box = $("#sugg-job");
  if (!box) return;
  box.hidden = false;
  const progress = $("#sugg-progress");
  if (job.total) {
    progress.max = job.total;
    progress.value = job.done;
  } else {
    progress.removeAttribute("value"); // indeterminate while queued
  }
  const count = job.total ? ` ${job.done}/${job.total}` : "";
  $("#sugg-step").textContent = job.status === "failed" ? `Failed: ${job.error}` : `${job.step || job.status}${count}`;
}

/** Start a suggestion job (or follow the one running), then reload the suggestions. */
export async function recompute() {
  const button = $("#sugg-recompute");
  button.disabled = true;
  let job;
  try {
    job = await api("POST", "suggestion-jobs/", { kind: "suggest" });
  } catch (error) {
    // One job per study: follow the one already running, if that is what stopped us.
    const jobs = await api("GET", "suggestion-jobs/").catch(() => []);
    job = jobs.find((j) => j.status === "queued" || j.status === "running");
    if (!job) {
      toast(error.message);
      button.disabled = false;
      return;
    }
    toast(error.message);
  }
  showJob(job);
  const poll = async () => {
    try {
      job = await api("GET", `suggestion-jobs/${job.id}/`);
    } catch (error) {
      toast(error.message);
      button.disabled = false;
      return;
    }
    showJob(job);
    if (job.status === "done") {
      button.disabled = false;
      $("#sugg-job").hidden = true;
      await reloadSuggestions();
      toast(job.kind === "suggest" ? "Suggestions recomputed." : `The ${job.kind} job is done.`);
    } else if (job.status === "failed") {
      button.disabled = false;
    } else {
      setTimeout(poll, 1000);
    }
  };
  setTimeout(poll, 1000);
}

/** The side card: how many are open, and the focused suggestion with its actions. */
export function drawSuggestCard() {
  const summary = $("#sugg-summary");
  if (!summary) return;
  const n = shownSuggestions().length;
  const total = state.suggestions.length;
  const threshold = Number(cfg.suggestThreshold).toFixed(2);
  const shown = n === total ? `${total}` : `${n} of ${total}`;
  const choices = BEST_CHOICES.map(
    (b) => `<option value="${b}"${b === state.suggBest ? " selected" : ""}>${b ? `best ${b}` : "all"}</option>`,
  ).join("");
  summary.innerHTML =
    `<strong id="sugg-count">${shown}</strong> open · score ≥ <span id="sugg-threshold">${threshold}</span>` +
    (cfg.suggestionsPage ? ` · <a href="${escapeHtml(cfg.suggestionsPage)}">settings</a>` : "") +
    `<br><label><input type="checkbox" id="sugg-show"${state.suggShow ? " checked" : ""}> show</label>` +
    ` <label>at most <select id="sugg-best" aria-label="Suggestions shown per transcript">${choices}</select></label>`;
  $("#sugg-show").onchange = (event) => {
    state.suggShow = event.target.checked;
    keep("qc.suggShow", state.suggShow);
    if (!state.suggShow) state.focusSugg = null;
    draw();
    drawSuggestCard();
  };
  $("#sugg-best").onchange = (event) => {
    state.suggBest = Number(event.target.value);
    keep("qc.suggBest", state.suggBest);
    if (needsMore(state.suggBest)) return reloadSuggestions();
    if (!shownSuggestions().some((x) => x.id === state.focusSugg)) state.focusSugg = null;
    draw();
    drawSuggestCard();
  };
  const box = $("#sugg-focus");
  if (!box) return; // viewers: no actions
  const sugg = focusedSuggestion();
  if (!sugg) {
    box.innerHTML = n
      ? `<p class="muted">Press <kbd>s</kbd> for the next suggestion. <button type="button" class="link" id="sugg-next">Next suggestion</button></p>`
      : `<p class="muted">${total ? "Open suggestions are switched off or filtered out." : "No open suggestions in this transcript."}</p>`;
    const next = $("#sugg-next");
    if (next) next.onclick = () => stepSuggestion(1);
    return;
  }
  const quote = sugg.quote ?? quoteOf(turns, sugg.start, sugg.end) ?? "";
  const evidence = sugg.evidence.length ? ` · evidence: ${escapeHtml(sugg.evidence.join("; "))}` : "";
  const all =
    sugg.code !== null
      ? `<button type="button" id="sugg-accept-all" class="secondary">Accept all “${escapeHtml(nameOf(sugg))}” ≥ ${threshold} here</button>`
      : "";
  box.innerHTML = `<div class="sugg-card" data-sugg="${sugg.id}">
    <p><span class="swatch sugg-swatch" data-style="border-color:${suggColour(sugg, codes)}"></span><strong>${escapeHtml(nameOf(sugg))}</strong>
      · score <span class="sugg-score">${sugg.score.toFixed(2)}</span></p>
    <p class="quote">“${escapeHtml(quote)}”</p>${pickerHtml(sugg)}
    <p class="muted">${escapeHtml(sugg.recommenders.join(", "))}${evidence}</p>
    <p class="sugg-actions"><button type="button" id="sugg-accept">Accept <kbd>a</kbd></button>
      <button type="button" id="sugg-reject" class="danger">Reject <kbd>x</kbd></button></p>
    ${all ? `<p class="sugg-actions">${all}</p>` : ""}</div>`;
  applyStyles(box);
  $("#sugg-accept").onclick = () => acceptSuggestion(sugg);
  $("#sugg-reject").onclick = () => rejectSuggestion(sugg);
  if (all) $("#sugg-accept-all").onclick = () => acceptAllSuggestions(sugg);
}

/** At load: the member chose more per transcript than the study's cap the page came with. */
export function loadMoreSuggestions() {
  if (cfg.canWrite && needsMore(state.suggBest)) reloadSuggestions();
}
