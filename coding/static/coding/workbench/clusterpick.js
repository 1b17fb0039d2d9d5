// A cluster suggestion is accepted by picking one of its cluster's codes: the choice in the
// suggestion card (the first code of the cluster until the coder picks another).

import { $, codes } from "./context.js";
import { escapeHtml } from "./escape.js";
import { codesOfCluster, isCluster } from "./filters.js";

/** The card's code picker for a cluster suggestion ("" for any other suggestion). */
export function pickerHtml(sugg) {
  if (!isCluster(sugg)) return "";
  const options = codesOfCluster(sugg, codes)
    .map((c) => `<option value="${c.id}">${escapeHtml(c.name)}</option>`)
    .join("");
  return `<p><label>Code in this cluster <select id="sugg-pick-code">${options}</select></label></p>`;
}

/** The body an accept sends besides the span: the picked code for a cluster suggestion. */
export function pickedCode(sugg) {
  if (!isCluster(sugg)) return {};
  const select = $("#sugg-pick-code");
  const fallback = codesOfCluster(sugg, codes)[0];
  const code = select && select.value ? Number(select.value) : fallback && fallback.id;
  return code ? { code } : {};
}
