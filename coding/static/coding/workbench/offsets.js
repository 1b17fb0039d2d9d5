// Offsets are code points into the transcript text (the server's contract); the DOM and
// JavaScript strings speak UTF-16. Every conversion goes through here: plain strings, the
// page's turns ({el, start, end, text}) and the per-segment `data-s`/`data-e` code-point
// offsets that draw.js writes. Pure: nothing here touches `document` or `window`, so Node
// can import it (the DOM-walking functions only read the nodes they are given).

const TEXT_NODE = 3; // Node.TEXT_NODE, spelled out so Node (no DOM) can import this module

function isHighSurrogate(unit) {
  return unit >= 0xd800 && unit <= 0xdbff;
}

/** Code points in `str` (a surrogate pair counts once). */
export function cpCount(str) {
  let n = str.length;
  for (let i = 0; i < str.length; i++) {
    if (isHighSurrogate(str.charCodeAt(i))) n--;
  }
  return n;
}

/** UTF-16 offset into `str` -> code-point offset. */
export function unitsToCp(str, units) {
  return cpCount(str.slice(0, units));
}

/** Code-point offset into `str` -> UTF-16 offset (clamped to the string's length). */
export function cpToUnits(str, cps) {
  let i = 0;
  for (let k = 0; k < cps && i < str.length; k++) {
    i += isHighSurrogate(str.charCodeAt(i)) ? 2 : 1;
  }
  return i;
}

/** `str` between two code-point offsets. */
export function sliceCp(str, from, to) {
  const a = cpToUnits(str, from);
  return str.slice(a, a + cpToUnits(str.slice(a), to - from));
}

/** The turn holding code point `cp` (a turn's end counts as inside it). */
export function turnAt(turns, cp) {
  return turns.find((t) => t.start <= cp && cp <= t.end);
}

/** The text between two offsets, or null across turns (labels lie between: no quote). */
export function quoteOf(turns, start, end) {
  const turn = turnAt(turns, start);
  if (!turn || end > turn.end) return null;
  return sliceCp(turn.text, start - turn.start, end - turn.start);
}

/** A span without the whitespace a double-click or a drag picks up at either side. */
export function trimSpan(turns, start, end) {
  const full = quoteOf(turns, start, end);
  if (full !== null) {
    start += cpCount(full) - cpCount(full.trimStart());
    end -= cpCount(full) - cpCount(full.trimEnd());
  }
  return start < end ? { start, end } : null;
}

/** The next word boundary before (step < 0) or after (step > 0) `cp` within its turn. */
export function wordStep(turns, cp, step) {
  const turn = turnAt(turns, cp);
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

/** DOM point (node, offset) inside a turn's `.text` -> code-point offset. */
export function offsetOf(node, offset) {
  if (node.nodeType === TEXT_NODE) {
    const seg = node.parentElement.closest(".seg");
    return Number(seg.dataset.s) + unitsToCp(node.data, offset);
  }
  const el = node.closest(".text") === node ? node : node.closest(".seg");
  if (el.classList.contains("text")) {
    const child = el.children[offset];
    return child ? Number(child.dataset.s) : Number(el.dataset.end);
  }
  return offset === 0 ? Number(el.dataset.s) : Number(el.dataset.e);
}

/** Code-point offset -> DOM point [text node, UTF-16 offset], or null outside every turn. */
export function pointAt(turns, cp, preferEnd = false) {
  const turn = turnAt(turns, cp);
  if (!turn) return null;
  for (const seg of turn.el.children) {
    const s = Number(seg.dataset.s);
    const e = Number(seg.dataset.e);
    if (cp > s && cp < e) return [seg.firstChild, cpToUnits(seg.firstChild.data, cp - s)];
    if (cp === s && !preferEnd) return [seg.firstChild, 0];
    if (cp === e && preferEnd) return [seg.firstChild, seg.firstChild.data.length];
  }
  const last = turn.el.lastElementChild;
  return cp <= turn.start
    ? [turn.el.firstElementChild.firstChild, 0]
    : [last.firstChild, last.firstChild.data.length];
}
