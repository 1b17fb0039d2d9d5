// The page the workbench runs on: the server's configuration (#wb-config), the transcript's
// turns, the codebook and the state the modules share. Reads the DOM when imported, so it is
// for the browser only; the pure modules take what they need from here as arguments.

export const cfg = JSON.parse(document.getElementById("wb-config").textContent);
export const $ = (selector, root = document) => root.querySelector(selector);
export const textArea = $("#wb-text");
export const turns = [...textArea.querySelectorAll(".text")].map((el) => ({
  el,
  start: Number(el.dataset.start),
  end: Number(el.dataset.end),
  text: el.textContent,
}));
export const codes = new Map(cfg.codes.map((c) => [c.id, c]));
export const clusters = new Map(cfg.clusters.map((c) => [c.id, c]));
export const state = {
  codings: cfg.codings,
  moments: cfg.moments,
  selection: null,
  active: null,
  suggestions: cfg.suggestions || [],
  focusSugg: null, // id of the focused suggestion
  suggCursor: -1, // where the last focused suggestion started: `s` goes on from there
};
/** What the pure filters need besides the filter itself. */
export const viewer = { user: cfg.user, codes };

export const storeKey = (name) => `qualcode-${name}-${cfg.study}`;

/** The filters above the transcript, as filters.js reads them. */
export function currentFilter() {
  return {
    coder: $("#filter-coder").value,
    code: $("#filter-code").value,
    momentsOnly: $("#filter-moments").checked,
  };
}
