// The keyboard: j/k and J/K move or extend the selection by sentence, c/Enter open the
// picker, / the search box, m the moment form, n/p step through codings, s/S through suggestions (then a, x,
// A), 1-9 apply a pinned code, Esc closes. Keys typed into fields are left alone.

import { pinned } from "./codebook.js";
import { applyCode, stepCoding } from "./codings.js";
import { cfg, state } from "./context.js";
import { closePicker, openMomentForm, openPicker, picker } from "./picker.js";
import { selectionOffsets, selectOffsets } from "./selection.js";
import { sentenceStep } from "./steps.js";
import { acceptAllSuggestions, acceptSuggestion, rejectSuggestion, stepSuggestion } from "./suggestions.js";
import { hideTip } from "./tip.js";

function stepSentence(direction, extend) {
  const target = sentenceStep(cfg.sentences, selectionOffsets() || state.selection, direction, extend);
  if (target) selectOffsets(target.start, target.end);
}

export function onKey(event) {
  const tag = event.target.tagName;
  if (["INPUT", "TEXTAREA", "SELECT"].includes(tag) || event.ctrlKey || event.metaKey || event.altKey) return;
  if (!picker.hidden && picker.contains(event.target)) return;
  const key = event.key;
  if (key === "/") {
    event.preventDefault();
    document.getElementById("wb-search-q").focus();
    return;
  }
  if (key === "Escape") {
    closePicker();
    hideTip();
    return;
  }
  if (key === "j" || key === "k") {
    event.preventDefault();
    stepSentence(key === "j" ? 1 : -1, false);
  } else if (key === "J" || key === "K") {
    event.preventDefault();
    stepSentence(key === "J" ? 1 : -1, true);
  } else if (key === "n" || key === "p") {
    event.preventDefault();
    stepCoding(key === "n" ? 1 : -1);
  } else if (key === "s" || key === "S") {
    event.preventDefault();
    stepSuggestion(key === "s" ? 1 : -1);
  } else if ((key === "a" || key === "x" || key === "A") && cfg.canWrite && state.focusSugg !== null) {
    event.preventDefault();
    if (key === "a") acceptSuggestion();
    else if (key === "x") rejectSuggestion();
    else acceptAllSuggestions();
  } else if (key === "c" || key === "Enter" || key === "m") {
    const span = selectionOffsets();
    if (!span) return;
    event.preventDefault();
    if (key === "m") openMomentForm(span);
    else openPicker(span);
  } else if (/^[1-9]$/.test(key)) {
    const span = selectionOffsets();
    const id = pinned()[Number(key) - 1];
    if (span && id && cfg.canWrite) {
      event.preventDefault();
      applyCode(id, span);
    }
  }
}
