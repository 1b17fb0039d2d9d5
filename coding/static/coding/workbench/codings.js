// Codings: applying a code to a span, the edit panel (code, bounds, memo, delete with undo)
// and moving between codings with n/p.

import { api } from "./api.js";
import { drawCodebook, remember } from "./codebook.js";
import { $, cfg, codes, state, textArea, turns } from "./context.js";
import { draw, shownCodings } from "./draw.js";
import { escapeHtml } from "./escape.js";
import { absorb } from "./merge.js";
import { quoteOf, wordStep } from "./offsets.js";
import { codingStep } from "./steps.js";
import { showTip } from "./tip.js";
import { toast } from "./toast.js";

/** Take a coding the server answered with into the state (merging what it absorbed). */
export function takeCoding(coding) {
  state.codings = absorb(state.codings, coding);
}

/** Code `span` with `codeId`; the new coding, or null (the error is toasted). */
export async function applyCode(codeId, span, memo = "") {
  const quote = quoteOf(turns, span.start, span.end);
  const body = { transcript: cfg.transcript, code: codeId, start: span.start, end: span.end, memo };
  if (quote !== null) body.quote = quote;
  try {
    const coding = await api("POST", "codings/", body);
    takeCoding(coding);
    remember(codeId);
    state.active = coding.id;
    draw();
    drawCodebook();
    toast(`Coded as “${codes.get(codeId).name}”`);
    return coding;
  } catch (error) {
    toast(error.message);
    return null;
  }
}

/** Show the edit panel of a coding (editable by its own coder only) and make it the active one. */
export function editPanel(codingId) {
  const coding = state.codings.find((c) => c.id === codingId);
  const panel = $("#wb-edit");
  if (!coding) {
    panel.hidden = true;
    return;
  }
  state.active = codingId;
  const own = coding.coder === cfg.user && cfg.canWrite;
  const options = cfg.codes
    .filter((c) => c.active || c.id === coding.code)
    .map((c) => `<option value="${c.id}" ${c.id === coding.code ? "selected" : ""}>${escapeHtml(c.name)}</option>`)
    .join("");
  panel.innerHTML = `<h2>Coding</h2>
    <p class="quote">“${escapeHtml(coding.quote)}”</p>
    <p class="muted">${escapeHtml(coding.coder)} · ${coding.start}–${coding.end}</p>
    ${own ? `<form id="edit-form">
      <label>Code <select name="code">${options}</select></label>
      <div class="bounds">Start <button type="button" data-move="start:-1" aria-label="Start one word earlier">◀</button><button type="button" data-move="start:1" aria-label="Start one word later">▶</button>
        End <button type="button" data-move="end:-1" aria-label="End one word earlier">◀</button><button type="button" data-move="end:1" aria-label="End one word later">▶</button></div>
      <label>Memo <textarea name="memo" rows="3">${escapeHtml(coding.memo)}</textarea></label>
      <button type="submit">Save</button> <button type="button" id="edit-delete" class="danger">Delete</button>
    </form>` : `<p>${escapeHtml(codes.get(coding.code)?.name || "")}</p>${coding.memo ? `<p>${escapeHtml(coding.memo)}</p>` : ""}<p class="muted">Only ${escapeHtml(coding.coder)} can change this coding.</p>`}`;
  panel.hidden = false;
  if (!own) return;
  const form = $("#edit-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    await patch(coding, { code: Number(data.get("code")), memo: data.get("memo") });
  });
  for (const button of form.querySelectorAll("[data-move]")) {
    button.onclick = () => {
      const [edge, step] = button.dataset.move.split(":");
      const next = wordStep(turns, coding[edge], Number(step));
      const change = edge === "start" ? { start: next } : { end: next };
      if ((change.start ?? coding.start) < (change.end ?? coding.end)) patch(coding, change);
    };
  }
  $("#edit-delete").onclick = () => remove(coding);
}

async function patch(coding, change) {
  try {
    const updated = await api("PATCH", `codings/${coding.id}/`, change);
    state.codings = state.codings.filter((c) => c.id !== coding.id);
    takeCoding(updated);
    draw();
    drawCodebook();
    editPanel(updated.id);
    toast("Saved");
  } catch (error) {
    toast(error.message);
  }
}

async function remove(coding) {
  try {
    await api("DELETE", `codings/${coding.id}/`);
    state.codings = state.codings.filter((c) => c.id !== coding.id);
    state.active = null;
    $("#wb-edit").hidden = true;
    draw();
    drawCodebook();
    toast("Coding deleted.", { label: "Undo", run: () => restore(coding) });
  } catch (error) {
    toast(error.message);
  }
}

/** Undo a deletion: the server brings the coding back with the memos attached to it. */
async function restore(coding) {
  try {
    const restored = await api("POST", `codings/${coding.id}/restore/`);
    takeCoding(restored);
    state.active = restored.id;
    draw();
    drawCodebook();
    toast("Coding restored.");
  } catch (error) {
    toast(error.message);
  }
}

/** Make `coding` the active one: highlighted, focused, its tooltip and edit panel shown. */
export function focusCoding(coding) {
  state.active = coding.id;
  draw();
  const seg = textArea.querySelector(`.seg[data-ids~="${coding.id}"]`);
  if (seg) {
    seg.tabIndex = -1;
    seg.focus();
    seg.scrollIntoView({ block: "center" });
    showTip(seg);
  }
  editPanel(coding.id);
}

/** n (direction 1) / p (-1): the next or previous coding shown. */
export function stepCoding(direction) {
  const next = codingStep(shownCodings(), state.active, direction);
  if (next) focusCoding(next);
}
