// The coding workbench: highlights, selection -> code-point offsets, the code picker,
// moments in the margin, filters and keyboard navigation. Offsets sent to the server are
// code points into the transcript text (the server's contract); the DOM speaks UTF-16, so
// every conversion goes through the per-segment `data-s` start offsets drawn here.
// Suggestions (spaCy recommenders) are drawn as a second, dashed layer over the same segments.

const cfg = JSON.parse(document.getElementById("wb-config").textContent);
const $ = (selector, root = document) => root.querySelector(selector);
const textArea = $("#wb-text");
const turns = [...textArea.querySelectorAll(".text")].map((el) => ({
  el,
  start: Number(el.dataset.start),
  end: Number(el.dataset.end),
  text: el.textContent,
}));
const codes = new Map(cfg.codes.map((c) => [c.id, c]));
const clusters = new Map(cfg.clusters.map((c) => [c.id, c]));
const state = {
  codings: cfg.codings,
  moments: cfg.moments,
  selection: null,
  active: null,
  suggestions: cfg.suggestions || [],
  focusSugg: null, // id of the focused suggestion
  suggCursor: -1, // where the last focused suggestion started: `s` goes on from there
};
const MOMENT_COLOURS = { helpful: "#2e8b57", hindering: "#c0392b" };
const storeKey = (name) => `qualcode-${name}-${cfg.study}`;
const csrf = document.body.getAttribute("hx-headers")
  ? JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]
  : "";

// ---------------------------------------------------------------- code points vs UTF-16

function cpCount(str) {
  let n = str.length;
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--; // a surrogate pair is one code point
  }
  return n;
}

function cpToUnits(str, cps) {
  let i = 0;
  for (let k = 0; k < cps && i < str.length; k++) {
    const c = str.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
  }
  return i;
}

function sliceCp(str, from, to) {
  const a = cpToUnits(str, from);
  return str.slice(a, a + cpToUnits(str.slice(a), to - from));
}

function turnAt(cp) {
  return turns.find((t) => t.start <= cp && cp <= t.end);
}

function quoteOf(start, end) {
  const turn = turnAt(start);
  if (!turn || end > turn.end) return null; // across turns: labels lie between, no quote
  return sliceCp(turn.text, start - turn.start, end - turn.start);
}

// DOM point -> code-point offset, for a point inside a turn's text.
function offsetOf(node, offset) {
  if (node.nodeType === Node.TEXT_NODE) {
    const seg = node.parentElement.closest(".seg");
    return Number(seg.dataset.s) + cpCount(node.data.slice(0, offset));
  }
  const el = node.closest(".text") === node ? node : node.closest(".seg");
  if (el.classList.contains("text")) {
    const child = el.children[offset];
    return child ? Number(child.dataset.s) : Number(el.dataset.end);
  }
  const seg = el;
  return offset === 0 ? Number(seg.dataset.s) : Number(seg.dataset.e);
}

// Code-point offset -> DOM point (text node, UTF-16 offset).
function pointAt(cp, preferEnd = false) {
  const turn = turnAt(cp);
  if (!turn) return null;
  for (const seg of turn.el.children) {
    const s = Number(seg.dataset.s);
    const e = Number(seg.dataset.e);
    if (cp > s && cp < e) return [seg.firstChild, cpToUnits(seg.firstChild.data, cp - s)];
    if (cp === s && !preferEnd) return [seg.firstChild, 0];
    if (cp === e && preferEnd) return [seg.firstChild, seg.firstChild.data.length];
  }
  const last = turn.el.lastElementChild;
  return cp <= turn.start ? [turn.el.firstElementChild.firstChild, 0] : [last.firstChild, last.firstChild.data.length];
}

function selectionOffsets() {
  const sel = window.getSelection();
  if (!sel.rangeCount || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  const inside = turns.filter((t) => range.intersectsNode(t.el));
  if (!inside.length) return null;
  const first = inside[0];
  const last = inside[inside.length - 1];
  let start = first.el.contains(range.startContainer) ? offsetOf(range.startContainer, range.startOffset) : first.start;
  let end = last.el.contains(range.endContainer) ? offsetOf(range.endContainer, range.endOffset) : last.end;
  // Trim the whitespace a double-click or a drag picks up at either side.
  const full = quoteOf(start, end);
  if (full !== null) {
    start += cpCount(full) - cpCount(full.trimStart());
    end -= cpCount(full) - cpCount(full.trimEnd());
  }
  return start < end ? { start, end } : null;
}

function selectOffsets(start, end) {
  const a = pointAt(start);
  const b = pointAt(end, true);
  if (!a || !b) return;
  const range = document.createRange();
  range.setStart(...a);
  range.setEnd(...b);
  const sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
  state.selection = { start, end };
  a[0].parentElement.scrollIntoView({ block: "nearest" });
}

// ---------------------------------------------------------------- drawing

function visibleCodings() {
  const coder = $("#filter-coder").value;
  const codeFilter = $("#filter-code").value;
  if ($("#filter-moments").checked) return [];
  return state.codings.filter((c) => {
    if (coder === "__me" && c.coder !== cfg.user) return false;
    if (coder && coder !== "__me" && c.coder !== coder) return false;
    if (codeFilter.startsWith("code:") && c.code !== Number(codeFilter.slice(5))) return false;
    if (codeFilter.startsWith("cluster:")) {
      const code = codes.get(c.code);
      if (!code || code.cluster_id !== Number(codeFilter.slice(8))) return false;
    }
    return true;
  });
}

function underline(spanCodings) {
  // Stacked underlines, one per coding, so overlaps never hide each other.
  const layers = spanCodings.slice(0, 6);
  const colours = layers.map((c) => (codes.get(c.code) || { colour: "#888888" }).colour);
  return [
    `background-image:${colours.map((col) => `linear-gradient(${col},${col})`).join(",")}`,
    `background-size:${colours.map(() => "100% 3px").join(",")}`,
    `background-position:${colours.map((_, i) => `0 calc(100% - ${i * 4}px)`).join(",")}`,
    `padding-bottom:${layers.length * 4}px`,
  ].join(";");
}

function visibleSuggestions() {
  const coder = $("#filter-coder").value;
  const codeFilter = $("#filter-code").value;
  // Suggestions are for the member themself: hidden when looking at another coder's work.
  if (coder && coder !== "__me" && coder !== cfg.user) return [];
  const momentsOnly = $("#filter-moments").checked;
  return state.suggestions.filter((s) => {
    if (s.code === null) return momentsOnly || !codeFilter;
    if (momentsOnly) return false;
    if (codeFilter.startsWith("code:") && s.code !== Number(codeFilter.slice(5))) return false;
    if (codeFilter.startsWith("cluster:")) {
      const code = codes.get(s.code);
      if (!code || code.cluster_id !== Number(codeFilter.slice(8))) return false;
    }
    return true;
  });
}

function suggColour(s) {
  if (s.code === null) return MOMENT_COLOURS[s.valence] || "#888888";
  return (codes.get(s.code) || { colour: "#888888" }).colour;
}

function suggName(s) {
  if (s.code === null) return `${s.valence} moment`;
  return (codes.get(s.code) || { name: "?" }).name;
}

function tint(colour, alpha) {
  // "#rrggbb" (or "#rgb") -> rgba() with the given alpha; other colours as they are.
  let hex = String(colour).replace("#", "");
  if (hex.length === 3) hex = [...hex].map((c) => c + c).join("");
  if (!/^[0-9a-f]{6}$/i.test(hex)) return colour;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgba(${r},${g},${b},${alpha})`;
}

function suggAttrs(over, s, e) {
  // Classes and inline custom properties of a segment inside suggestions `over` (best first).
  const focused = over.find((x) => x.id === state.focusSugg);
  const lead = focused || over[0];
  const colour = suggColour(lead);
  const cls = ["sugg"];
  if (focused) cls.push("sugg-focus");
  if (s === lead.start) cls.push("sugg-s");
  if (e === lead.end) cls.push("sugg-e");
  const style = `--sugg:${colour};--sugg-bg:${tint(colour, focused ? 0.22 : 0.07)}`;
  return { cls: cls.join(" "), style, ids: over.map((x) => x.id).join(" ") };
}

function drawTurn(turn, shown, suggs = []) {
  const mine = shown.filter((c) => c.start < turn.end && c.end > turn.start);
  const hints = suggs.filter((x) => x.start < turn.end && x.end > turn.start);
  const cuts = new Set([turn.start, turn.end]);
  for (const c of [...mine, ...hints]) {
    if (c.start > turn.start) cuts.add(c.start);
    if (c.end < turn.end) cuts.add(c.end);
  }
  const bounds = [...cuts].sort((a, b) => a - b);
  const html = [];
  let units = 0;
  for (let i = 0; i < bounds.length - 1; i++) {
    const [s, e] = [bounds[i], bounds[i + 1]];
    const width = cpToUnits(turn.text.slice(units), e - s);
    const piece = turn.text.slice(units, units + width);
    units += width;
    const over = mine.filter((c) => c.start <= s && c.end >= e);
    const hinted = hints.filter((x) => x.start <= s && x.end >= e).sort((a, b) => b.score - a.score);
    const safe = piece.replace(/&/g, "&amp;").replace(/</g, "&lt;");
    const cls = ["seg"];
    const attrs = [`data-s="${s}"`, `data-e="${e}"`];
    const style = [];
    if (over.length) {
      cls.push("coded");
      if (over.some((c) => c.id === state.active)) cls.push("active");
      attrs.push(`data-ids="${over.map((c) => c.id).join(" ")}"`);
      style.push(underline(over));
    }
    if (hinted.length) {
      const sugg = suggAttrs(hinted, s, e);
      cls.push(sugg.cls);
      attrs.push(`data-sugg="${sugg.ids}"`);
      style.push(sugg.style);
    }
    const styled = style.length ? ` style="${style.join(";")}"` : "";
    html.push(`<span class="${cls.join(" ")}" ${attrs.join(" ")}${styled}>${safe}</span>`);
  }
  turn.el.innerHTML = html.join("");
}

function drawMoments() {
  const margin = $("#wb-margin");
  const box = textArea.getBoundingClientRect();
  const coder = $("#filter-coder").value;
  const bars = [];
  for (const m of state.moments) {
    if (coder === "__me" && m.rater !== cfg.user) continue;
    if (coder && coder !== "__me" && m.rater !== coder) continue;
    const a = pointAt(m.start);
    const b = pointAt(m.end, true);
    if (!a || !b) continue;
    const range = document.createRange();
    range.setStart(...a);
    range.setEnd(...b);
    const rects = range.getClientRects();
    if (!rects.length) continue;
    const top = rects[0].top - box.top;
    const bottom = rects[rects.length - 1].bottom - box.top;
    const title = `${m.valence} (${m.intensity}/5) by ${m.rater}${m.note ? ": " + m.note : ""}`;
    bars.push(`<div class="moment ${m.valence}" data-id="${m.id}" style="top:${top}px;height:${bottom - top}px" title="${title.replace(/"/g, "&quot;")}"></div>`);
  }
  margin.innerHTML = bars.join("");
}

function draw() {
  const shown = visibleCodings();
  const suggs = visibleSuggestions();
  for (const turn of turns) drawTurn(turn, shown, suggs);
  drawMoments();
  const hints = suggs.length ? `, ${suggs.length} suggestion${suggs.length === 1 ? "" : "s"}` : "";
  $("#wb-status").textContent = `${shown.length} codings, ${state.moments.length} moments shown${hints}`;
}

function drawCodebook() {
  const counts = new Map();
  for (const c of state.codings) counts.set(c.code, (counts.get(c.code) || 0) + 1);
  const pins = pinned();
  const groups = [...clusters.values()].map((cl) => ({ name: cl.name, items: cfg.codes.filter((c) => c.cluster_id === cl.id) }));
  groups.push({ name: "No cluster", items: cfg.codes.filter((c) => !c.cluster_id) });
  $("#codebook-list").innerHTML = groups
    .filter((g) => g.items.length)
    .map((g) => `<h3>${escape(g.name)}</h3><ul class="plain">${g.items
      .map((c) => {
        const pin = pins.indexOf(c.id);
        return `<li class="${c.active ? "" : "inactive"}"><span class="swatch" style="background:${c.colour}"></span>${escape(c.name)} <span class="muted">${counts.get(c.id) || 0}</span>
          <button type="button" class="link pin" data-pin="${c.id}" aria-label="${pin >= 0 ? "Unpin" : "Pin"} ${escape(c.name)}">${pin >= 0 ? `★${pin + 1}` : "☆"}</button></li>`;
      })
      .join("")}</ul>`)
    .join("");
}

function escape(s) {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
}

// ---------------------------------------------------------------- talking to the API

async function api(method, path, body) {
  const response = await fetch(cfg.api + path, {
    method,
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
    body: body ? JSON.stringify(body) : undefined,
    credentials: "same-origin",
  });
  const data = response.status === 204 ? null : await response.json();
  if (!response.ok) throw new Error((data && data.detail) || `Error ${response.status}`);
  return data;
}

function toast(message, action) {
  const el = $("#wb-toast");
  el.innerHTML = escape(message) + (action ? ` <button type="button" class="link" id="toast-action">${action.label}</button>` : "");
  el.hidden = false;
  if (action) $("#toast-action").onclick = () => { el.hidden = true; action.run(); };
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (el.hidden = true), action ? 8000 : 3000);
}

function absorb(coding) {
  // The server merges one coder's overlapping spans of a code: drop what it absorbed.
  state.codings = state.codings.filter((c) => c.id === coding.id || !(c.coder === coding.coder && c.code === coding.code && c.start >= coding.start && c.end <= coding.end));
  const at = state.codings.findIndex((c) => c.id === coding.id);
  if (at >= 0) state.codings[at] = coding;
  else state.codings.push(coding);
  state.codings.sort((a, b) => a.start - b.start || a.end - b.end || a.id - b.id);
}

async function applyCode(codeId, span, memo = "") {
  const quote = quoteOf(span.start, span.end);
  const body = { transcript: cfg.transcript, code: codeId, start: span.start, end: span.end, memo };
  if (quote !== null) body.quote = quote;
  try {
    const coding = await api("POST", "codings/", body);
    absorb(coding);
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

// ---------------------------------------------------------------- recent and pinned codes

function recent() {
  return JSON.parse(localStorage.getItem(storeKey("recent")) || "[]");
}

function remember(codeId) {
  localStorage.setItem(storeKey("recent"), JSON.stringify([codeId, ...recent().filter((id) => id !== codeId)].slice(0, 20)));
}

function pinned() {
  return JSON.parse(localStorage.getItem(storeKey("pins")) || "[]").filter((id) => codes.has(id));
}

function togglePin(codeId) {
  const pins = pinned();
  const next = pins.includes(codeId) ? pins.filter((id) => id !== codeId) : [...pins, codeId].slice(0, 9);
  localStorage.setItem(storeKey("pins"), JSON.stringify(next));
  drawCodebook();
}

// ---------------------------------------------------------------- the code picker

const picker = $("#wb-picker");

function placeNear(el) {
  const sel = window.getSelection();
  const rect = sel.rangeCount ? sel.getRangeAt(0).getBoundingClientRect() : textArea.getBoundingClientRect();
  el.style.top = `${window.scrollY + rect.bottom + 6}px`;
  el.style.left = `${Math.max(8, window.scrollX + rect.left)}px`;
}

function openPicker(span) {
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
      <span class="swatch" style="background:${code.colour}"></span>${escape(code.name)}${pin >= 0 ? ` <kbd>${pin + 1}</kbd>` : ""}</li>`;
  });
  if (t && !items.some((c) => c.name.toLowerCase() === t)) {
    const options = [...clusters.values()].map((cl) => `<option value="${cl.id}">${escape(cl.name)}</option>`).join("");
    rows.push(`<li role="option" data-create="1" class="${items.length ? "" : "current"}" aria-selected="${!items.length}">Create code “${escape(term.trim())}” in
      <select id="picker-cluster" aria-label="Cluster of the new code"><option value="">no cluster</option>${options}</select></li>`);
  }
  $("#picker-list").innerHTML = rows.join("");
  for (const li of $("#picker-list").children) li.addEventListener("click", (event) => {
    if (event.target.tagName !== "SELECT" && event.target.tagName !== "OPTION") choose(li);
  });
}

function movePicker(step) {
  const rows = [...$("#picker-list").children];
  const at = rows.findIndex((li) => li.classList.contains("current"));
  const next = rows[Math.min(rows.length - 1, Math.max(0, at + step))];
  rows.forEach((li) => { li.classList.toggle("current", li === next); li.setAttribute("aria-selected", li === next); });
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
  if (event.key === "ArrowDown") { event.preventDefault(); movePicker(1); }
  else if (event.key === "ArrowUp") { event.preventDefault(); movePicker(-1); }
  else if (event.key === "Escape") { closePicker(); }
  else if (event.key === "Enter") {
    event.preventDefault();
    const li = $("#picker-list .current");
    if (li) choose(li);
  } else if (/^[1-9]$/.test(event.key) && !event.target.value) {
    event.preventDefault();
    const id = pinned()[Number(event.key) - 1];
    const span = state.selection;
    if (id) { closePicker(); applyCode(id, span); }
  } else if (event.key === "m" && !event.target.value) {
    event.preventDefault();
    openMomentForm(state.selection);
  }
}

function closePicker() {
  // Give focus back to the transcript before the picker's input disappears, so the keyboard
  // loop (n/p, j/k, c) goes on without a click.
  if (picker.contains(document.activeElement)) {
    const turn = state.selection ? turnAt(state.selection.start) : null;
    (turn ? turn.el : textArea).focus({ preventScroll: true });
  }
  picker.hidden = true;
  picker.innerHTML = "";
}

function openMomentForm(span) {
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
  form.addEventListener("keydown", (event) => { if (event.key === "Escape") closePicker(); });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    closePicker();
    try {
      const moment = await api("POST", "moments/", {
        transcript: cfg.transcript, start: span.start, end: span.end, valence: data.get("valence"),
        intensity: Number(data.get("intensity")), note: data.get("note"),
      });
      state.moments = [...state.moments.filter((m) => m.id !== moment.id), moment];
      draw();
      toast(`Marked a ${moment.valence} moment`);
    } catch (error) {
      toast(error.message);
    }
  });
}

// ---------------------------------------------------------------- inspecting and editing

const tip = $("#wb-tip");

function describe(ids) {
  return ids.map((id) => state.codings.find((c) => c.id === id)).filter(Boolean).map((c) => {
    const code = codes.get(c.code) || { name: "?", colour: "#888" };
    return `<div><span class="swatch" style="background:${code.colour}"></span><strong>${escape(code.name)}</strong> · ${escape(c.coder)}${c.memo ? `<div class="muted">${escape(c.memo)}</div>` : ""}</div>`;
  }).join("");
}

function describeSuggestions(ids) {
  return ids.map((id) => state.suggestions.find((x) => x.id === id)).filter(Boolean).map((x) => {
    const evidence = x.evidence.length ? `<div class="muted">evidence: ${escape(x.evidence.join("; "))}</div>` : "";
    return `<div class="tip-sugg"><span class="swatch sugg-swatch" style="border-color:${suggColour(x)}"></span>Suggested: <strong>${escape(suggName(x))}</strong> · ${x.score.toFixed(2)}
      <div class="muted">by ${escape(x.recommenders.join(", "))}</div>${evidence}</div>`;
  }).join("");
}

function showTip(seg) {
  const ids = seg.dataset.ids ? seg.dataset.ids.split(" ").map(Number) : [];
  const suggs = seg.dataset.sugg ? seg.dataset.sugg.split(" ").map(Number) : [];
  tip.innerHTML = describe(ids) + describeSuggestions(suggs);
  const rect = seg.getBoundingClientRect();
  tip.style.top = `${window.scrollY + rect.bottom + 4}px`;
  tip.style.left = `${window.scrollX + rect.left}px`;
  tip.hidden = false;
}

function editPanel(codingId) {
  const coding = state.codings.find((c) => c.id === codingId);
  const panel = $("#wb-edit");
  if (!coding) { panel.hidden = true; return; }
  state.active = codingId;
  const own = coding.coder === cfg.user && cfg.canWrite;
  const options = cfg.codes.filter((c) => c.active || c.id === coding.code)
    .map((c) => `<option value="${c.id}" ${c.id === coding.code ? "selected" : ""}>${escape(c.name)}</option>`).join("");
  panel.innerHTML = `<h2>Coding</h2>
    <p class="quote">“${escape(coding.quote)}”</p>
    <p class="muted">${escape(coding.coder)} · ${coding.start}–${coding.end}</p>
    ${own ? `<form id="edit-form">
      <label>Code <select name="code">${options}</select></label>
      <div class="bounds">Start <button type="button" data-move="start:-1" aria-label="Start one word earlier">◀</button><button type="button" data-move="start:1" aria-label="Start one word later">▶</button>
        End <button type="button" data-move="end:-1" aria-label="End one word earlier">◀</button><button type="button" data-move="end:1" aria-label="End one word later">▶</button></div>
      <label>Memo <textarea name="memo" rows="3">${escape(coding.memo)}</textarea></label>
      <button type="submit">Save</button> <button type="button" id="edit-delete" class="danger">Delete</button>
    </form>` : `<p>${escape(codes.get(coding.code)?.name || "")}</p>${coding.memo ? `<p>${escape(coding.memo)}</p>` : ""}<p class="muted">Only ${escape(coding.coder)} can change this coding.</p>`}`;
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
      const next = wordStep(coding[edge], Number(step));
      const change = edge === "start" ? { start: next } : { end: next };
      if ((change.start ?? coding.start) < (change.end ?? coding.end)) patch(coding, change);
    };
  }
  $("#edit-delete").onclick = () => remove(coding);
}

function wordStep(cp, step) {
  // The next word boundary before or after `cp` within its turn.
  const turn = turnAt(cp);
  const chars = [...turn.text];
  let i = cp - turn.start;
  const isSpace = (k) => /\s/.test(chars[k] || " ");
  if (step > 0) {
    while (i < chars.length && isSpace(i)) i++;
    while (i < chars.length && !isSpace(i)) i++;
  } else {
    while (i > 0 && isSpace(i - 1)) i--;
    while (i > 0 && !isSpace(i - 1)) i--;
  }
  return turn.start + i;
}

async function patch(coding, change) {
  try {
    const updated = await api("PATCH", `codings/${coding.id}/`, change);
    state.codings = state.codings.filter((c) => c.id !== coding.id);
    absorb(updated);
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
    toast("Coding deleted.", { label: "Undo", run: () => applyCode(coding.code, coding, coding.memo) });
  } catch (error) {
    toast(error.message);
  }
}

function focusCoding(coding) {
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

function stepCoding(direction) {
  const shown = visibleCodings();
  if (!shown.length) return;
  const current = shown.findIndex((c) => c.id === state.active);
  const next = current < 0 ? (direction > 0 ? 0 : shown.length - 1) : (current + direction + shown.length) % shown.length;
  focusCoding(shown[next]);
}

function stepSentence(direction, extend) {
  const sentences = cfg.sentences;
  const sel = selectionOffsets() || state.selection;
  if (extend && sel) {
    const endIndex = sentences.findIndex(([s, e]) => e >= sel.end);
    const target = sentences[endIndex + direction];
    if (target && target[1] > sel.start) selectOffsets(sel.start, target[1]);
    return;
  }
  let index;
  if (!sel) index = direction > 0 ? 0 : sentences.length - 1;
  else if (direction > 0) index = sentences.findIndex(([s]) => s >= sel.end);
  else index = sentences.findLastIndex(([, e]) => e <= sel.start);
  const target = sentences[index];
  if (target) selectOffsets(target[0], target[1]);
}

// ---------------------------------------------------------------- suggestions

function focusedSuggestion() {
  return state.suggestions.find((x) => x.id === state.focusSugg) || null;
}

function focusSuggestion(sugg) {
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

function stepSuggestion(direction) {
  const shown = visibleSuggestions();
  if (!shown.length) return toast("No open suggestions here.");
  const order = [...shown].sort((a, b) => a.start - b.start || a.end - b.end || b.score - a.score);
  const at = order.findIndex((x) => x.id === state.focusSugg);
  let next;
  if (at >= 0) next = order[(at + direction + order.length) % order.length];
  else if (direction > 0) next = order.find((x) => x.start >= state.suggCursor) || order[0];
  else next = [...order].reverse().find((x) => x.start < state.suggCursor) || order[order.length - 1];
  focusSuggestion(next);
}

function dropSuggestions(test) {
  state.suggestions = state.suggestions.filter((x) => !test(x));
  if (!focusedSuggestion()) state.focusSugg = null;
}

function coveredBy(made, target) {
  // What the server hides too: a suggestion of the same target half covered by `made`.
  return (x) => (x.code !== null ? x.code : x.valence) === target
    && 2 * Math.max(0, Math.min(x.end, made.end) - Math.max(x.start, made.start)) >= x.end - x.start;
}

function takeMade(made) {
  // An accepted suggestion's coding or moment joins the page's state.
  if (made.kind === "moment") {
    const { kind, ...moment } = made;
    state.moments = [...state.moments.filter((m) => m.id !== moment.id), { note: "", ...moment }];
    return coveredBy(made, made.valence);
  }
  const { kind, ...coding } = made;
  absorb({ transcript: cfg.transcript, memo: "", ...coding });
  return coveredBy(made, made.code);
}

function adjustedSpan(sugg) {
  // The selection, if the member moved the suggestion's bounds (J/K or the mouse).
  const sel = selectionOffsets() || state.selection;
  if (!sel || sel.start >= sugg.end || sel.end <= sugg.start) return null;
  if (sel.start === sugg.start && sel.end === sugg.end) return null;
  return { start: sel.start, end: sel.end };
}

async function acceptSuggestion(sugg = focusedSuggestion()) {
  if (!cfg.canWrite) return toast("Viewers cannot accept suggestions.");
  if (!sugg) return toast("No suggestion in focus: press s.");
  const span = adjustedSpan(sugg);
  try {
    const made = await api("POST", `suggestions/${sugg.id}/accept/`, span || {});
    const covered = takeMade(made);
    dropSuggestions((x) => x.id === sugg.id || covered(x));
    state.focusSugg = null;
    state.selection = null;
    window.getSelection().removeAllRanges();
    if (made.kind === "coding") remember(made.code);
    draw();
    drawCodebook();
    drawSuggestCard();
    toast(made.kind === "moment" ? `Marked a ${made.valence} moment` : `Coded as “${suggName(sugg)}”${span ? " (adjusted)" : ""}`);
  } catch (error) {
    toast(error.message);
  }
}

async function rejectSuggestion(sugg = focusedSuggestion()) {
  if (!cfg.canWrite) return toast("Viewers cannot reject suggestions.");
  if (!sugg) return toast("No suggestion in focus: press s.");
  try {
    await api("POST", `suggestions/${sugg.id}/reject/`);
    dropSuggestions((x) => x.id === sugg.id);
    state.focusSugg = null;
    state.selection = null;
    window.getSelection().removeAllRanges();
    draw();
    drawSuggestCard();
    toast(`Rejected “${suggName(sugg)}”`);
  } catch (error) {
    toast(error.message);
  }
}

async function acceptAllSuggestions(sugg = focusedSuggestion()) {
  if (!cfg.canWrite) return toast("Viewers cannot accept suggestions.");
  if (!sugg) return toast("No suggestion in focus: press s.");
  if (sugg.code === null) return toast("Accept all works for codes, not moments.");
  const threshold = cfg.suggestThreshold;
  try {
    const result = await api("POST", "suggestions/accept-all/", { transcript: cfg.transcript, code: sugg.code, threshold });
    const covers = result.codings.map(takeMade);
    dropSuggestions((x) => (x.code === sugg.code && x.score >= threshold) || covers.some((covered) => covered(x)));
    state.focusSugg = null;
    state.selection = null;
    window.getSelection().removeAllRanges();
    remember(sugg.code);
    draw();
    drawCodebook();
    drawSuggestCard();
    toast(`Accepted ${result.accepted} suggestion${result.accepted === 1 ? "" : "s"} of “${suggName(sugg)}”`);
  } catch (error) {
    toast(error.message);
  }
}

async function reloadSuggestions() {
  try {
    state.suggestions = await api("GET", `suggestions/?transcript=${cfg.transcript}`);
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
  if (job.total) { progress.max = job.total; progress.value = job.done; }
  else progress.removeAttribute("value"); // indeterminate while queued
  const count = job.total ? ` ${job.done}/${job.total}` : "";
  $("#sugg-step").textContent = job.status === "failed"
    ? `Failed: ${job.error}`
    : `${job.step || job.status}${count}`;
}

async function recompute() {
  const button = $("#sugg-recompute");
  button.disabled = true;
  let job;
  try {
    job = await api("POST", "suggestion-jobs/", { kind: "suggest" });
  } catch (error) {
    // One job per study: follow the one already running, if that is what stopped us.
    const jobs = await api("GET", "suggestion-jobs/").catch(() => []);
    job = jobs.find((j) => j.status === "queued" || j.status === "running");
    if (!job) { toast(error.message); button.disabled = false; return; }
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

function drawSuggestCard() {
  const summary = $("#sugg-summary");
  if (!summary) return;
  const n = visibleSuggestions().length;
  const total = state.suggestions.length;
  const threshold = Number(cfg.suggestThreshold).toFixed(2);
  const shown = n === total ? `${total}` : `${n} of ${total}`;
  summary.innerHTML = `<strong id="sugg-count">${shown}</strong> open · score ≥ <span id="sugg-threshold">${threshold}</span>`
    + (cfg.suggestionsPage ? ` · <a href="${escape(cfg.suggestionsPage)}">settings</a>` : "");
  const box = $("#sugg-focus");
  if (!box) return; // viewers: no actions
  const sugg = focusedSuggestion();
  if (!sugg) {
    box.innerHTML = total
      ? `<p class="muted">Press <kbd>s</kbd> for the next suggestion. <button type="button" class="link" id="sugg-next">Next suggestion</button></p>`
      : `<p class="muted">No open suggestions in this transcript.</p>`;
    const next = $("#sugg-next");
    if (next) next.onclick = () => stepSuggestion(1);
    return;
  }
  const quote = sugg.quote ?? quoteOf(sugg.start, sugg.end) ?? "";
  const evidence = sugg.evidence.length ? ` · evidence: ${escape(sugg.evidence.join("; "))}` : "";
  const all = sugg.code !== null
    ? `<button type="button" id="sugg-accept-all" class="secondary">Accept all “${escape(suggName(sugg))}” ≥ ${threshold} here</button>`
    : "";
  box.innerHTML = `<div class="sugg-card" data-sugg="${sugg.id}">
    <p><span class="swatch sugg-swatch" style="border-color:${suggColour(sugg)}"></span><strong>${escape(suggName(sugg))}</strong>
      · score <span class="sugg-score">${sugg.score.toFixed(2)}</span></p>
    <p class="quote">“${escape(quote)}”</p>
    <p class="muted">${escape(sugg.recommenders.join(", "))}${evidence}</p>
    <p class="sugg-actions"><button type="button" id="sugg-accept">Accept <kbd>a</kbd></button>
      <button type="button" id="sugg-reject" class="danger">Reject <kbd>x</kbd></button></p>
    ${all ? `<p class="sugg-actions">${all}</p>` : ""}</div>`;
  $("#sugg-accept").onclick = () => acceptSuggestion(sugg);
  $("#sugg-reject").onclick = () => rejectSuggestion(sugg);
  if (all) $("#sugg-accept-all").onclick = () => acceptAllSuggestions(sugg);
}

// ---------------------------------------------------------------- events

function onKey(event) {
  const tag = event.target.tagName;
  if (["INPUT", "TEXTAREA", "SELECT"].includes(tag) || event.ctrlKey || event.metaKey || event.altKey) return;
  if (!picker.hidden && picker.contains(event.target)) return;
  const key = event.key;
  if (key === "Escape") { closePicker(); tip.hidden = true; return; }
  if (key === "j" || key === "k") { event.preventDefault(); stepSentence(key === "j" ? 1 : -1, false); }
  else if (key === "J" || key === "K") { event.preventDefault(); stepSentence(key === "J" ? 1 : -1, true); }
  else if (key === "n" || key === "p") { event.preventDefault(); stepCoding(key === "n" ? 1 : -1); }
  else if (key === "s" || key === "S") { event.preventDefault(); stepSuggestion(key === "s" ? 1 : -1); }
  else if ((key === "a" || key === "x" || key === "A") && cfg.canWrite && state.focusSugg !== null) {
    event.preventDefault();
    if (key === "a") acceptSuggestion();
    else if (key === "x") rejectSuggestion();
    else acceptAllSuggestions();
  }
  else if (key === "c" || key === "Enter" || key === "m") {
    const span = selectionOffsets();
    if (!span) return;
    event.preventDefault();
    if (key === "m") openMomentForm(span);
    else openPicker(span);
  } else if (/^[1-9]$/.test(key)) {
    const span = selectionOffsets();
    const id = pinned()[Number(key) - 1];
    if (span && id && cfg.canWrite) { event.preventDefault(); applyCode(id, span); }
  }
}

function init() {
  const coderSelect = $("#filter-coder");
  for (const name of cfg.coders) coderSelect.insertAdjacentHTML("beforeend", `<option value="${escape(name)}">${escape(name)}</option>`);
  const codeSelect = $("#filter-code");
  for (const cl of clusters.values()) {
    codeSelect.insertAdjacentHTML("beforeend", `<optgroup label="${escape(cl.name)}"><option value="cluster:${cl.id}">All of ${escape(cl.name)}</option>${cfg.codes
      .filter((c) => c.cluster_id === cl.id).map((c) => `<option value="code:${c.id}">${escape(c.name)}</option>`).join("")}</optgroup>`);
  }
  $("#wb-filters").addEventListener("change", draw);
  document.addEventListener("keydown", onKey);
  textArea.addEventListener("mouseup", () => {
    const span = selectionOffsets();
    if (span && cfg.canWrite) { state.selection = span; openPicker(span); }
  });
  textArea.addEventListener("mouseover", (event) => {
    const seg = event.target.closest(".seg.coded, .seg.sugg");
    if (seg) showTip(seg);
    else tip.hidden = true;
  });
  textArea.addEventListener("mouseleave", () => (tip.hidden = true));
  textArea.addEventListener("click", (event) => {
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
  });
  $("#codebook-list").addEventListener("click", (event) => {
    const button = event.target.closest("[data-pin]");
    if (button) togglePin(Number(button.dataset.pin));
  });
  document.addEventListener("mousedown", (event) => {
    if (!picker.hidden && !picker.contains(event.target)) closePicker();
  });
  window.addEventListener("resize", drawMoments);
  const recomputeButton = $("#sugg-recompute");
  if (recomputeButton) recomputeButton.onclick = recompute;
  draw();
  drawCodebook();
  drawSuggestCard();
  const hash = location.hash.match(/^#coding-(\d+)$/);
  if (hash) {
    const coding = state.codings.find((c) => c.id === Number(hash[1]));
    if (coding) focusCoding(coding);
  }
  document.body.dataset.wbReady = String(Math.round(performance.now()));
}

init();
