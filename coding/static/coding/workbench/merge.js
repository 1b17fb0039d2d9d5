// How the page's lists take in what the server answered, mirroring what the server does.
// Pure: lists in, new lists out.

/** The codings with `coding` added or replaced, minus the same coder's spans of the same code
 * that it covers (the server merges them into it), sorted by position. */
export function absorb(codings, coding) {
  const kept = codings.filter(
    (c) =>
      c.id === coding.id ||
      !(c.coder === coding.coder && c.code === coding.code && c.start >= coding.start && c.end <= coding.end),
  );
  const at = kept.findIndex((c) => c.id === coding.id);
  if (at >= 0) kept[at] = coding;
  else kept.push(coding);
  return kept.sort((a, b) => a.start - b.start || a.end - b.end || a.id - b.id);
}

/** A test for suggestions the server hides too: same target (a code id or a moment's valence;
 * a cluster suggestion of `cluster`, the made coding's code's cluster) and at least half
 * covered by `made`. */
export function coveredBy(made, target, cluster = null) {
  return (x) =>
    (x.cluster !== undefined && x.cluster !== null
      ? cluster !== null && x.cluster === cluster
      : (x.code !== null ? x.code : x.valence) === target) &&
    2 * Math.max(0, Math.min(x.end, made.end) - Math.max(x.start, made.start)) >= x.end - x.start;
}
