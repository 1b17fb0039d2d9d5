// What the filters above the transcript let through, and how a suggestion is named and
// coloured. Pure: `filter` is {coder, code, momentsOnly} as read from the form, `codes` the
// codebook by id; nothing here touches the DOM.

export const MOMENT_COLOURS = { helpful: "#2e8b57", hindering: "#c0392b" };
const GREY = "#888888";

function matchesCode(codeFilter, codeId, codes) {
  // "" (all codes), "code:<id>" or "cluster:<id>".
  if (codeFilter.startsWith("code:") && codeId !== Number(codeFilter.slice(5))) return false;
  if (codeFilter.startsWith("cluster:")) {
    const code = codes.get(codeId);
    if (!code || code.cluster_id !== Number(codeFilter.slice(8))) return false;
  }
  return true;
}

function byCoder(coder, who, user) {
  // "" (everyone I can see), "__me" or a coder's username.
  if (coder === "__me") return who === user;
  return !coder || who === coder;
}

export function visibleCodings(codings, filter, { user, codes }) {
  if (filter.momentsOnly) return [];
  return codings.filter((c) => byCoder(filter.coder, c.coder, user) && matchesCode(filter.code, c.code, codes));
}

export function visibleMoments(moments, filter, { user }) {
  return moments.filter((m) => byCoder(filter.coder, m.rater, user));
}

export function visibleSuggestions(suggestions, filter, { user, codes }) {
  // Suggestions are for the member themself: hidden when looking at another coder's work.
  if (filter.coder && filter.coder !== "__me" && filter.coder !== user) return [];
  return suggestions.filter((s) => {
    // A cluster suggestion (the coder picks its code): shown under its cluster's filter.
    if (isCluster(s)) return !filter.momentsOnly && (!filter.code || filter.code === `cluster:${s.cluster}`);
    if (s.code === null) return filter.momentsOnly || !filter.code;
    if (filter.momentsOnly) return false;
    return matchesCode(filter.code, s.code, codes);
  });
}

/** The best `best` suggestions by score (ties: the earlier first), in text order; all of
 * them when `best` is 0; none when the member switched suggestions off (`shown` false). */
export function bestSuggestions(suggestions, best, shown = true) {
  if (!shown) return [];
  if (!best || suggestions.length <= best) return suggestions;
  const ranked = [...suggestions].sort((a, b) => b.score - a.score || a.start - b.start || a.id - b.id);
  const kept = new Set(ranked.slice(0, best).map((s) => s.id));
  return suggestions.filter((s) => kept.has(s.id));
}

export function codeColour(codeId, codes) {
  return (codes.get(codeId) || { colour: GREY }).colour;
}

/** A suggestion of a cluster rather than of one code (older answers have no `cluster`). */
export const isCluster = (s) => s.cluster !== undefined && s.cluster !== null;

/** The active codes of a cluster suggestion's cluster, in codebook order: what to pick from. */
export function codesOfCluster(s, codes) {
  return [...codes.values()].filter((c) => c.cluster_id === s.cluster && c.active !== false);
}

export function suggColour(s, codes) {
  if (isCluster(s)) return GREY;
  if (s.code === null) return MOMENT_COLOURS[s.valence] || GREY;
  return codeColour(s.code, codes);
}

export function suggName(s, codes, clusters = new Map()) {
  if (isCluster(s)) return `${(clusters.get(s.cluster) || { name: "?" }).name} (cluster)`;
  if (s.code === null) return `${s.valence} moment`;
  return (codes.get(s.code) || { name: "?" }).name;
}
