// Keyboard navigation as arithmetic: which sentence, coding or suggestion comes next.
// Pure: plain lists and offsets in, the target out (null when there is none).

/** The span `j`/`k` (extend false) or `J`/`K` (extend true) select next, from selection `sel`.
 * `sentences`: [[start, end], ...] in order. */
export function sentenceStep(sentences, sel, direction, extend) {
  if (extend && sel) {
    const endIndex = sentences.findIndex(([, e]) => e >= sel.end);
    const target = sentences[endIndex + direction];
    return target && target[1] > sel.start ? { start: sel.start, end: target[1] } : null;
  }
  let index;
  if (!sel) index = direction > 0 ? 0 : sentences.length - 1;
  else if (direction > 0) index = sentences.findIndex(([s]) => s >= sel.end);
  else index = sentences.findLastIndex(([, e]) => e <= sel.start);
  const target = sentences[index];
  return target ? { start: target[0], end: target[1] } : null;
}

/** The coding `n` (direction 1) or `p` (-1) moves to from the active one, wrapping around. */
export function codingStep(shown, activeId, direction) {
  if (!shown.length) return null;
  const current = shown.findIndex((c) => c.id === activeId);
  if (current < 0) return direction > 0 ? shown[0] : shown[shown.length - 1];
  return shown[(current + direction + shown.length) % shown.length];
}

/** The suggestion `s` (1) or `S` (-1) moves to: from the focused one, else from `cursor`
 * (where the last focused one started), in text order. */
export function suggestionStep(shown, focusId, cursor, direction) {
  if (!shown.length) return null;
  const order = [...shown].sort((a, b) => a.start - b.start || a.end - b.end || b.score - a.score);
  const at = order.findIndex((x) => x.id === focusId);
  if (at >= 0) return order[(at + direction + order.length) % order.length];
  if (direction > 0) return order.find((x) => x.start >= cursor) || order[0];
  return [...order].reverse().find((x) => x.start < cursor) || order[order.length - 1];
}
