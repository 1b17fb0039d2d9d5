// The codebook card: codes by cluster with their counts in this transcript, and the
// member's recent and pinned codes (kept in localStorage, per study).

import { applyStyles } from "../../qualcode/styles.js";
import { $, cfg, clusters, codes, state, storeKey } from "./context.js";
import { escapeHtml } from "./escape.js";

/** Code ids the member used last, most recent first. */
export function recent() {
  return JSON.parse(localStorage.getItem(storeKey("recent")) || "[]");
}

export function remember(codeId) {
  localStorage.setItem(storeKey("recent"), JSON.stringify([codeId, ...recent().filter((id) => id !== codeId)].slice(0, 20)));
}

/** Pinned code ids: keys 1-9 in order. */
export function pinned() {
  return JSON.parse(localStorage.getItem(storeKey("pins")) || "[]").filter((id) => codes.has(id));
}

export function togglePin(codeId) {
  const pins = pinned();
  const next = pins.includes(codeId) ? pins.filter((id) => id !== codeId) : [...pins, codeId].slice(0, 9);
  localStorage.setItem(storeKey("pins"), JSON.stringify(next));
  drawCodebook();
}

export function drawCodebook() {
  const counts = new Map();
  for (const c of state.codings) counts.set(c.code, (counts.get(c.code) || 0) + 1);
  const pins = pinned();
  const groups = [...clusters.values()].map((cl) => ({ name: cl.name, items: cfg.codes.filter((c) => c.cluster_id === cl.id) }));
  groups.push({ name: "No cluster", items: cfg.codes.filter((c) => !c.cluster_id) });
  $("#codebook-list").innerHTML = groups
    .filter((g) => g.items.length)
    .map((g) => `<h3>${escapeHtml(g.name)}</h3><ul class="plain">${g.items
      .map((c) => {
        const pin = pins.indexOf(c.id);
        return `<li class="${c.active ? "" : "inactive"}"><span class="swatch" data-style="background:${c.colour}"></span>${escapeHtml(c.name)} <span class="muted">${counts.get(c.id) || 0}</span>
          <button type="button" class="link pin" data-pin="${c.id}" aria-label="${pin >= 0 ? "Unpin" : "Pin"} ${escapeHtml(c.name)}">${pin >= 0 ? `★${pin + 1}` : "☆"}</button></li>`;
      })
      .join("")}</ul>`)
    .join("");
  applyStyles($("#codebook-list"));
}
