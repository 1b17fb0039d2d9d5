// Significant moments on the page: bars in the margin, their text tinted by valence (CSS
// Custom Highlights, so the coding underlines' markup is untouched), "moments only" greying
// the rest of the text, and a click on a bar opening the moment to edit or delete (its rater).

import { applyStyles } from "../../qualcode/styles.js";
import { api } from "./api.js";
import { $, cfg, currentFilter, state, textArea, turns, viewer } from "./context.js";
import { escapeHtml } from "./escape.js";
import { visibleMoments } from "./filters.js";
import { pointAt } from "./offsets.js";
import { toast } from "./toast.js";

const VALENCES = ["helpful", "hindering", "mixed"];

function rangeOf(moment) {
  const a = pointAt(turns, moment.start);
  const b = pointAt(turns, moment.end, true);
  if (!a || !b) return null;
  const range = document.createRange();
  range.setStart(...a);
  range.setEnd(...b);
  return range;
}

export function drawMoments() {
  const margin = $("#wb-margin");
  const box = textArea.getBoundingClientRect();
  const bars = [];
  const ranges = Object.fromEntries(VALENCES.map((v) => [v, []]));
  for (const m of visibleMoments(state.moments, currentFilter(), viewer)) {
    const range = rangeOf(m);
    const rects = range ? range.getClientRects() : [];
    if (!rects.length) continue;
    ranges[m.valence]?.push(range);
    const top = rects[0].top - box.top;
    const bottom = rects[rects.length - 1].bottom - box.top;
    const title = `${m.valence} (${m.intensity}/5) by ${m.rater}${m.note ? ": " + m.note : ""}`;
    bars.push(
      `<button type="button" class="moment ${escapeHtml(m.valence)}" data-id="${m.id}" data-style="top:${top}px;height:${bottom - top}px" title="${escapeHtml(title)}" aria-label="${escapeHtml(title)}"></button>`,
    );
  }
  margin.innerHTML = bars.join("");
  applyStyles(margin);
  if (window.CSS?.highlights) {
    for (const v of VALENCES) CSS.highlights.set(`moment-${v}`, new Highlight(...ranges[v]));
  }
  textArea.classList.toggle("moments-only", currentFilter().momentsOnly);
}

/** The moment's form beside its bar: valence, intensity and note; save or delete. */
export function openMomentEditor(moment, redraw) {
  const box = $("#wb-picker");
  const mine = cfg.canWrite && moment.rater === cfg.user;
  const quote = escapeHtml(turns.length ? textOf(moment) : "");
  const radios = VALENCES.map(
    (v) => `<label><input type="radio" name="valence" value="${v}" ${v === moment.valence ? "checked" : ""} ${mine ? "" : "disabled"}> ${v}</label>`,
  ).join("");
  const options = [1, 2, 3, 4, 5].map((n) => `<option ${n === moment.intensity ? "selected" : ""}>${n}</option>`).join("");
  box.innerHTML = `<form id="moment-edit" aria-label="Significant moment by ${escapeHtml(moment.rater)}">
    <p class="muted">Moment by ${escapeHtml(moment.rater)}: <q>${quote}</q></p>
    <fieldset>${radios}</fieldset>
    <label>Intensity <select name="intensity" ${mine ? "" : "disabled"}>${options}</select></label>
    <label>Note <input name="note" autocomplete="off" value="${escapeHtml(moment.note || "")}" ${mine ? "" : "disabled"}></label>
    ${mine ? '<button type="submit">Save</button> <button type="button" class="danger" id="moment-delete">Delete</button>' : '<p class="muted">Only its rater changes a moment.</p>'}
    <button type="button" class="link" id="moment-close">Close</button></form>`;
  const bar = $(`#wb-margin .moment[data-id="${moment.id}"]`);
  const rect = (bar || textArea).getBoundingClientRect();
  box.style.top = `${window.scrollY + rect.top}px`;
  box.style.left = `${window.scrollX + rect.right + 12}px`;
  box.hidden = false;
  const form = $("#moment-edit");
  const close = () => { box.hidden = true; box.innerHTML = ""; };
  $("#moment-close").onclick = close;
  form.addEventListener("keydown", (event) => { if (event.key === "Escape") close(); });
  if (!mine) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      const saved = await api("PATCH", `moments/${moment.id}/`, {
        valence: data.get("valence"), intensity: Number(data.get("intensity")), note: data.get("note"),
      });
      state.moments = state.moments.map((m) => (m.id === saved.id ? saved : m));
      close();
      redraw();
      toast(`Saved the ${saved.valence} moment`);
    } catch (error) {
      toast(error.message);
    }
  });
  $("#moment-delete").onclick = async () => {
    try {
      await api("DELETE", `moments/${moment.id}/`);
      state.moments = state.moments.filter((m) => m.id !== moment.id);
      close();
      redraw();
      toast("Moment deleted");
    } catch (error) {
      toast(error.message);
    }
  };
  form.querySelector("input[name=valence]:checked")?.focus();
}

function textOf(moment) {
  const range = rangeOf(moment);
  const text = range ? range.toString() : "";
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}
