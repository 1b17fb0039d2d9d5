// Search in a transcript as a researcher expects it: case- and accent-insensitive ("cafe"
// finds "Café"), any whitespace matching any whitespace, curly apostrophes and quotes matching
// straight ones, "ss" matching "ß". The same rules as the server's coding/search/matching.py:
// the query becomes a regular expression whose every letter is a class of the characters that
// fold to it, so the text is searched as it is. Hits are code-point offsets (the server's
// contract), not UTF-16 ones. Pure: no DOM, tested with `node --test tests/js/`.

export const MAX_QUERY = 200;
const MARKS = "[\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe20-\\ufe2f]*";
// The scripts whose letters get accent classes, as in matching.py (case: the "i" flag).
const RANGES = [
  [0x20, 0x250], [0x370, 0x590], [0x10a0, 0x1100], [0x1c80, 0x1cc0], [0x1e00, 0x2000],
  [0x2018, 0x2020], [0x2100, 0x2150], [0x2c00, 0x2d30], [0xa640, 0xa800], [0xff21, 0xff5b],
];
const PUNCT = {
  "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u2032": "'", "`": "'",
  "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
};
// What Python's casefold() does beyond toLowerCase() for the letters we fold.
const CASEFOLD = { "ß": "ss", "ẞ": "ss", "ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ς": "σ" };

/** The form two strings share when a researcher would call them the same word. */
export function fold(text) {
  const bare = text.normalize("NFD").replace(/\p{Mn}/gu, "");
  const punct = Array.from(bare, (ch) => PUNCT[ch] || ch).join("");
  return Array.from(punct.toLowerCase(), (ch) => CASEFOLD[ch] || ch).join("");
}

const escapeOutside = (ch) => ch.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
const classOf = (chars) => (chars.length === 1 ? escapeOutside(chars[0]) : `[${chars.map((c) => c.replace(/[\\\]^[-]/g, "\\$&")).join("")}]`);

function buildTables() {
  const single = new Map();
  const pairs = new Map();
  const add = (map, key, ch) => map.set(key, (map.get(key) || new Set()).add(ch));
  for (const [low, high] of RANGES) {
    for (let cp = low; cp < high; cp++) {
      const ch = String.fromCodePoint(cp);
      const folded = fold(ch);
      if (!folded || /^\s+$/.test(folded)) continue;
      const length = Array.from(folded).length;
      if (length === 1) add(single, folded, ch);
      else if (length === 2) add(pairs, folded, ch);
    }
  }
  for (const ch of ["\ufb00", "\ufb01", "\ufb02", "\u1e9e"]) add(pairs, fold(ch), ch);
  for (const key of single.keys()) add(single, key, key); // the letter itself, whatever its range
  const toClass = (map) => new Map([...map].map(([k, set]) => [k, classOf([...set].sort())]));
  return [toClass(single), toClass(pairs)];
}

const [CLASSES, PAIRS] = buildTables();

/** Why `query` cannot be searched for, or null. */
export function queryProblem(query) {
  if (typeof query !== "string" || !query.trim()) return "Type a word or phrase to search for.";
  if (query.includes("\0")) return "Null characters are not allowed.";
  if (Array.from(query).length > MAX_QUERY) return `A search has at most ${MAX_QUERY} characters.`;
  if (!fold(query).trim()) return "Type a word or phrase to search for (accents alone match nothing).";
  return null;
}

// A whole word is not preceded or followed by a letter, digit, underscore or combining mark.
const WORDISH = "[\\p{L}\\p{N}\\p{M}_]";

/** The regular expression (global, Unicode, case-insensitive) matching `query`; with
 * `wholeWords`, only where no letter adjoins it ("the" then misses "therapy"). */
export function patternFor(query, wholeWords = false) {
  const chars = Array.from(fold(query).trim().replace(/\s+/g, " "));
  const letter = (ch) => (CLASSES.get(ch) || escapeOutside(ch)) + MARKS;
  const parts = [];
  for (let i = 0; i < chars.length; i++) {
    const pair = chars[i] + (chars[i + 1] || "");
    if (chars[i] === " ") parts.push("\\s+");
    else if (PAIRS.has(pair)) {
      parts.push(`(?:${PAIRS.get(pair)}|${letter(chars[i])}${letter(chars[i + 1])})`);
      i++;
    } else parts.push(letter(chars[i]));
  }
  const body = parts.join("");
  return new RegExp(wholeWords ? `(?<!${WORDISH})${body}(?!${WORDISH})` : body, "giu");
}

/** Every hit of `query` in the turns ({start, text}: code-point start, the turn's text), in
 * order, as code-point spans {start, end} of the whole transcript; [] for a query with a
 * problem. Turns are searched one by one: a hit never spans the labels between them.
 * `wholeWords` as in patternFor. */
export function findInTurns(turns, query, wholeWords = false) {
  if (queryProblem(query)) return [];
  const pattern = patternFor(query, wholeWords);
  const hits = [];
  for (const turn of turns) {
    let units = 0;
    let cps = 0;
    const toCp = (at) => {
      // Walk forward from the last conversion: every hit costs only the text since the last.
      for (; units < at; units++) {
        const code = turn.text.charCodeAt(units);
        if (!(code >= 0xdc00 && code <= 0xdfff)) cps++;
      }
      return turn.start + cps;
    };
    pattern.lastIndex = 0;
    for (const match of turn.text.matchAll(pattern)) {
      if (!match[0]) continue;
      const start = toCp(match.index);
      hits.push({ start, end: toCp(match.index + match[0].length) });
    }
  }
  return hits;
}

/** The hit to move to from hit `current` (an index, -1 for none) in `direction` (1 or -1),
 * wrapping around; -1 when there are no hits. */
export function hitStep(hits, current, direction) {
  if (!hits.length) return -1;
  if (current < 0) return direction > 0 ? 0 : hits.length - 1;
  return (current + direction + hits.length) % hits.length;
}

/** The first hit at or after code point `cp` (the last one when none is), -1 without hits. */
export function hitFrom(hits, cp) {
  if (!hits.length) return -1;
  const at = hits.findIndex((h) => h.end > cp);
  return at < 0 ? hits.length - 1 : at;
}
