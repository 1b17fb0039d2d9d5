// The browser's selection as a code-point span over the transcript, and back.

import { state, turns } from "./context.js";
import { offsetOf, pointAt, trimSpan } from "./offsets.js";

/** The selected span {start, end} in code points (whitespace at the sides trimmed), or null. */
export function selectionOffsets() {
  const sel = window.getSelection();
  if (!sel.rangeCount || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  const inside = turns.filter((t) => range.intersectsNode(t.el));
  if (!inside.length) return null;
  const first = inside[0];
  const last = inside[inside.length - 1];
  const start = first.el.contains(range.startContainer) ? offsetOf(range.startContainer, range.startOffset) : first.start;
  const end = last.el.contains(range.endContainer) ? offsetOf(range.endContainer, range.endOffset) : last.end;
  return trimSpan(turns, start, end);
}

/** Select [start, end) in the page, remember it as the selection and scroll it into view. */
export function selectOffsets(start, end) {
  const a = pointAt(turns, start);
  const b = pointAt(turns, end, true);
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

/** Forget the selection, in the page and in the state. */
export function clearSelection() {
  state.selection = null;
  window.getSelection().removeAllRanges();
}
