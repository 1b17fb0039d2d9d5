// A turn's text cut into segments at every coding and suggestion boundary, drawn as spans
// with code-point offsets (`data-s`, `data-e`), stacked underlines for codings and a dashed
// layer for suggestions. Pure: returns HTML strings; draw.js puts them into the page and
// applies their data-style (the Content Security Policy refuses style attributes in markup).

import { escapeHtml } from "./escape.js";
import { codeColour, suggColour } from "./filters.js";
import { cpToUnits } from "./offsets.js";

/** Style of stacked underlines, one per coding, so overlaps never hide each other. */
export function underline(spanCodings, codes) {
  const layers = spanCodings.slice(0, 6);
  const colours = layers.map((c) => codeColour(c.code, codes));
  return [
    `background-image:${colours.map((col) => `linear-gradient(${col},${col})`).join(",")}`,
    `background-size:${colours.map(() => "100% 3px").join(",")}`,
    `background-position:${colours.map((_, i) => `0 calc(100% - ${i * 4}px)`).join(",")}`,
    `padding-bottom:${layers.length * 4}px`,
  ].join(";");
}

/** "#rrggbb" (or "#rgb") -> rgba() with the given alpha; other colours as they are. */
export function tint(colour, alpha) {
  let hex = String(colour).replace("#", "");
  if (hex.length === 3) hex = [...hex].map((c) => c + c).join("");
  if (!/^[0-9a-f]{6}$/i.test(hex)) return colour;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgba(${r},${g},${b},${alpha})`;
}

/** Classes, custom properties and ids of a segment [s, e) inside suggestions `over` (best first). */
export function suggAttrs(over, s, e, { focusSugg, codes }) {
  const focused = over.find((x) => x.id === focusSugg);
  const lead = focused || over[0];
  const colour = suggColour(lead, codes);
  const cls = ["sugg"];
  if (focused) cls.push("sugg-focus");
  if (s === lead.start) cls.push("sugg-s");
  if (e === lead.end) cls.push("sugg-e");
  const style = `--sugg:${colour};--sugg-bg:${tint(colour, focused ? 0.22 : 0.07)}`;
  return { cls: cls.join(" "), style, ids: over.map((x) => x.id).join(" ") };
}

/** The turn cut at every boundary: [{s, e, text, codings, suggestions (best first)}]. */
export function cutTurn(turn, codings, suggestions = []) {
  const mine = codings.filter((c) => c.start < turn.end && c.end > turn.start);
  const hints = suggestions.filter((x) => x.start < turn.end && x.end > turn.start);
  const cuts = new Set([turn.start, turn.end]);
  for (const c of [...mine, ...hints]) {
    if (c.start > turn.start) cuts.add(c.start);
    if (c.end < turn.end) cuts.add(c.end);
  }
  const bounds = [...cuts].sort((a, b) => a - b);
  const pieces = [];
  let units = 0;
  for (let i = 0; i < bounds.length - 1; i++) {
    const [s, e] = [bounds[i], bounds[i + 1]];
    const width = cpToUnits(turn.text.slice(units), e - s);
    const text = turn.text.slice(units, units + width);
    units += width;
    pieces.push({
      s,
      e,
      text,
      codings: mine.filter((c) => c.start <= s && c.end >= e),
      suggestions: hints.filter((x) => x.start <= s && x.end >= e).sort((a, b) => b.score - a.score),
    });
  }
  return pieces;
}

/** The HTML of a turn's `.text`: one `.seg` span per piece. `active`: the selected coding's id. */
export function turnHtml(turn, codings, suggestions, { active, focusSugg, codes }) {
  return cutTurn(turn, codings, suggestions)
    .map(({ s, e, text, codings: over, suggestions: hinted }) => {
      const cls = ["seg"];
      const attrs = [`data-s="${s}"`, `data-e="${e}"`];
      const style = [];
      if (over.length) {
        cls.push("coded");
        if (over.some((c) => c.id === active)) cls.push("active");
        attrs.push(`data-ids="${over.map((c) => c.id).join(" ")}"`);
        style.push(underline(over, codes));
      }
      if (hinted.length) {
        const sugg = suggAttrs(hinted, s, e, { focusSugg, codes });
        cls.push(sugg.cls);
        attrs.push(`data-sugg="${sugg.ids}"`);
        style.push(sugg.style);
      }
      const styled = style.length ? ` data-style="${style.join(";")}"` : "";
      return `<span class="${cls.join(" ")}" ${attrs.join(" ")}${styled}>${escapeHtml(text)}</span>`;
    })
    .join("");
}
