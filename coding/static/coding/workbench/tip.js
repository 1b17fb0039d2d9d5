// The tooltip over a coded or suggested segment: who coded what there, and which
// recommenders suggest what, with their evidence.

import { applyStyles } from "../../qualcode/styles.js";
import { $, clusters, codes, state } from "./context.js";
import { escapeHtml } from "./escape.js";
import { suggColour, suggName } from "./filters.js";

export const tip = $("#wb-tip");

function describe(ids) {
  return ids
    .map((id) => state.codings.find((c) => c.id === id))
    .filter(Boolean)
    .map((c) => {
      const code = codes.get(c.code) || { name: "?", colour: "#888" };
      return `<div><span class="swatch" data-style="background:${code.colour}"></span><strong>${escapeHtml(code.name)}</strong> · ${escapeHtml(c.coder)}${c.memo ? `<div class="muted">${escapeHtml(c.memo)}</div>` : ""}</div>`;
    })
    .join("");
}

function describeSuggestions(ids) {
  return ids
    .map((id) => state.suggestions.find((x) => x.id === id))
    .filter(Boolean)
    .map((x) => {
      const evidence = x.evidence.length ? `<div class="muted">evidence: ${escapeHtml(x.evidence.join("; "))}</div>` : "";
      return `<div class="tip-sugg"><span class="swatch sugg-swatch" data-style="border-color:${suggColour(x, codes)}"></span>Suggested: <strong>${escapeHtml(suggName(x, codes, clusters))}</strong> · ${x.score.toFixed(2)}
      <div class="muted">by ${escapeHtml(x.recommenders.join(", "))}</div>${evidence}</div>`;
    })
    .join("");
}

/** Show the tooltip under segment `seg`. */
export function showTip(seg) {
  const ids = seg.dataset.ids ? seg.dataset.ids.split(" ").map(Number) : [];
  const suggs = seg.dataset.sugg ? seg.dataset.sugg.split(" ").map(Number) : [];
  tip.innerHTML = describe(ids) + describeSuggestions(suggs);
  applyStyles(tip);
  const rect = seg.getBoundingClientRect();
  tip.style.top = `${window.scrollY + rect.bottom + 4}px`;
  tip.style.left = `${window.scrollX + rect.left}px`;
  tip.hidden = false;
}

export function hideTip() {
  tip.hidden = true;
}
