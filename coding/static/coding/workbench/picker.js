// The code picker that opens on a selection (search, recent codes first, pinned codes on
// 1-9, create a code in a cluster) and the significant-moment form that shares its box.

import { applyStyles } from "../../qualcode/styles.js";
import { api } from "./api.js";
import { drawCodebook, pinned, recent } from "./codebook.js";
import { applyCode } from "./codings.js";
import { $, cfg, clusters, codes, state, textArea, turns } from "./context.js";
import { draw } from "./draw.js";
import { escapeHtml } from "./escape.js";
import { turnAt } from "./offsets.js";
import { toast } from "./toast.js";

export const picker = $("#wb-picker");

function placeNear(el) {
  const sel = window.getSelection();
  const rect = sel.rangeCount ? sel.getRangeAt(0).getBoundingClientRect() : textArea.getBoundingClientRect();
  el.style.top = `${window.scrollY + rect.bottom + 6}px`;
  el.style.left = `${Math.max(8, window.scrollX + rect.left)}px`;
}

/** Open the picker under the selection, to code `span`. */
export function openPicker(span) {
  if (!cfg.canWrite) return toast("Viewers cannot code.");
  state.selection = span;
  picker.innerHTML = `
    <input type="search" id="picker-search" placeholder="Code… (type to search)" aria-label="Search codes" autocomplete="off">
    <ul id="picker-list" role="listbox" aria-label="Codes"></ul>
    <p class="muted picker-actions"><button type="button" class="link" id="picker-moment">Mark as moment (m)</button> · Esc closes</p>`;
  picker.hidden = false;
  placeNear(picker);
  const search = $("#picker-search");
  search.addEventListener("input", () => fillPicker(search.value));
  search.addEventListener("keydown", pickerKeys);
  $("#picker-moment").onclick = () => openMomentForm(span);
  fillPicker("");
  search.focus();
}

function fillPicker(term) {
  const t = term.trim().toLowerCase();
  const order = [...recent(), ...cfg.codes.map((c) => c.id)];
  const seen = new Set();
  const pins = pinned();
  const items = [];
  for (const id of order) {
    const code = codes.get(id);
    if (!code || seen.has(id) || !code.active) continue;
    seen.add(id);
    if (t && !code.name.toLowerCase().includes(t)) continue;
    items.push(code);
  }
  const rows = items.map((code, i) => {
    const pin = pins.indexOf(code.id);
    return `<li role="option" data-code="${code.id}" class="${i === 0 ? "current" : ""}" aria-selected="${i === 0}">
      <span class="swatch" data-style="background:${code.colour}"></span>${escapeHtml(code.name)}${pin >= 0 ? ` <kbd>${pin + 1}</kbd>` : ""}</li>`;
  });
  if (t && !items.some((c) => c.name.toLowerCase() === t)) {
    const options = [...clusters.values()].map((cl) => `<option value="${cl.id}">${escapeHtml(cl.name)}</option>`).join("");
    rows.push(`<li role="option" data-create="1" class="${items.length ? "" : "current"}" aria-selected="${!items.length}">Create code “${escapeHtml(term.trim())}” in
      <select id="picker-cluster" aria-label="Cluster of the new code"><option value="">no cluster</option>${options}</select></li>`);
  }
  $("#picker-list").innerHTML = rows.join("");
  applyStyles($("#picker-list"));
  for (const li of $("#picker-list").children) {
    li.addEventListener("click", (event) => {
      if (event.target.tagName !== "SELECT" && event.target.tagName !== "OPTION") choose(li);
    });
  }
}

function movePicker(step) {
  const rows = [...$("#picker-list").children];
  const at = rows.findIndex((li) => li.classList.contains("current"));
  const next = rows[Math.min(rows.length - 1, Math.max(0, at + step))];
  rows.forEach((li) => {
    li.classList.toggle("current", li === next);
    li.setAttribute("aria-selected", li === next);
  });
  if (next) next.scrollIntoView({ block: "nearest" });
}

async function choose(li) {
  const span = state.selection;
  const name = ($("#picker-search")?.value || "").trim();
  const clusterId = li.dataset.create ? Number(li.querySelector("select").value) || null : null;
  closePicker();
  if (li.dataset.create) {
    try {
      const code = await api("POST", "codes/", { name, cluster_id: clusterId });
      code.cluster_id = code.cluster;
      cfg.codes.push(code);
      codes.set(code.id, code);
      drawCodebook();
      await applyCode(code.id, span);
    } catch (error) {
      toast(error.message);
    }
    return;
  }
  await applyCode(Number(li.dataset.code), span);
}

function pickerKeys(event) {
  if (event.key === "ArrowDown") {
    event.preventDefault();
    movePicker(1);
  } else if (event.key === "ArrowUp") {
    event.preventDefault();
    movePicker(-1);
  } else if (event.key === "Escape") {
    closePicker();
  } else if (event.key === "Enter") {
    event.preventDefault();
    const li = $("#picker-list .current");
    if (li) choose(li);
  } else if (/^[1-9]$/.test(event.key) && !event.target.value) {
    event.preventDefault();
    const id = pinned()[Number(event.key) - 1];
    const span = state.selection;
    if (id) {
      closePicker();
      applyCode(id, span);
    }
  } else if (event.key === "m" && !event.target.value) {
    event.preventDefault();
    openMomentForm(state.selection);
  }
}

export function closePicker() {
  // Give focus back to the transcript before the picker's input disappears, so the keyboard
  // loop (n/p, j/k, c) goes on without a click.
  if (picker.contains(document.activeElement)) {
    const turn = state.selection ? turnAt(turns, state.selection.start) : null;
    (turn ? turn.el : textArea).focus({ preventScroll: true });
  }
  picker.hidden = true;
  picker.innerHTML = "";
}

/** Open the significant-moment form (valence, intensity, note) for `span`. */
export function openMomentForm(span) {
  if (!cfg.canWrite) return toast("Viewers cannot mark moments.");
  state.selection = span;
  picker.innerHTML = `<form id="moment-form" aria-label="Significant moment">
    <fieldset><legend>Significant moment</legend>
      <label><input type="radio" name="valence" value="helpful" checked> helpful</label>
      <label><input type="radio" name="valence" value="hindering"> hindering</label>
      <label><input type="radio" name="valence" value="mixed"> mixed</label></fieldset>
    <label>Intensity <select name="intensity">${[1, 2, 3, 4, 5].map((n) => `<option ${n === 3 ? "selected" : ""}>${n}</option>`).join("")}</select></label>
    <label>Note <input name="note" autocomplete="off"></label>
    <button type="submit">Mark moment</button></form>`;
  picker.hidden = false;
  placeNear(picker);
  const form = $("#moment-form");
  form.querySelector("input[name=valence]").focus();
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closePicker();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    closePicker();
    try {
      const moment = await api("POST", "moments/", {
        transcript: cfg.transcript,
        start: span.start,
        end: span.end,
        valence: data.get("valence"),
        intensity: Number(data.get("intensity")),
        note: data.get("note"),
      });
      state.moments = [...state.moments.filter((m) => m.id !== moment.id), moment];
      draw();
      toast(`Marked a ${moment.valence} moment`);
    } catch (error) {
      toast(error.message);
    }
  });
}
