// Code points (the server's offsets) against UTF-16 (the DOM's), hand-counted.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  cpCount,
  cpToUnits,
  offsetOf,
  pointAt,
  quoteOf,
  sliceCp,
  trimSpan,
  turnAt,
  unitsToCp,
  wordStep,
} from "../../coding/static/coding/workbench/offsets.js";

// "É" is one UTF-16 unit (U+00C9); each emoji is a surrogate pair: two units, one code point.
//   code points: É0 s1 a2 ␠3 😊4 ␠5 f6 u7 e8 ␠9 🚗10 .11          (12 code points)
//   UTF-16:      É0 s1 a2 ␠3 😊4-5 ␠6 f7 u8 e9 ␠10 🚗11-12 .13    (14 units)
const FIRST = "\u00c9sa \u{1F60A} fue \u{1F697}.";
const SECOND = "Bye \u{1F641}."; // B0 y1 e2 ␠3 🙁4 .5: 6 code points, 7 units
const turns = [
  { start: 0, end: 12, text: FIRST },
  { start: 14, end: 20, text: SECOND },
];

test("code points of a string with accents and surrogate pairs", () => {
  assert.equal(FIRST.length, 14);
  assert.equal(cpCount(FIRST), 12);
  assert.equal(cpCount(""), 0);
  assert.equal(cpCount("\u{1F641}"), 1);
});

test("UTF-16 offset -> code-point offset", () => {
  assert.equal(unitsToCp(FIRST, 0), 0);
  assert.equal(unitsToCp(FIRST, 4), 4); // just before 😊
  assert.equal(unitsToCp(FIRST, 6), 5); // just after 😊
  assert.equal(unitsToCp(FIRST, 11), 10); // just before 🚗
  assert.equal(unitsToCp(FIRST, 13), 11); // just after 🚗
  assert.equal(unitsToCp(FIRST, 14), 12); // the end
});

test("code-point offset -> UTF-16 offset", () => {
  assert.equal(cpToUnits(FIRST, 0), 0);
  assert.equal(cpToUnits(FIRST, 4), 4);
  assert.equal(cpToUnits(FIRST, 5), 6);
  assert.equal(cpToUnits(FIRST, 10), 11);
  assert.equal(cpToUnits(FIRST, 11), 13);
  assert.equal(cpToUnits(FIRST, 12), 14);
  assert.equal(cpToUnits(FIRST, 99), 14); // clamped to the string
});

test("every code-point offset survives the round trip", () => {
  for (let cp = 0; cp <= 12; cp++) assert.equal(unitsToCp(FIRST, cpToUnits(FIRST, cp)), cp);
});

test("slices by code points", () => {
  assert.equal(sliceCp(FIRST, 4, 5), "\u{1F60A}");
  assert.equal(sliceCp(FIRST, 6, 9), "fue");
  assert.equal(sliceCp(FIRST, 10, 12), "\u{1F697}.");
  assert.equal(sliceCp(SECOND, 0, 3), "Bye");
});

test("turns, quotes and trimmed spans", () => {
  assert.equal(turnAt(turns, 12), turns[0]); // a turn's end is inside it
  assert.equal(turnAt(turns, 13), undefined); // between turns
  assert.equal(turnAt(turns, 14), turns[1]);
  assert.equal(quoteOf(turns, 4, 5), "\u{1F60A}");
  assert.equal(quoteOf(turns, 16, 20), "e \u{1F641}.");
  assert.equal(quoteOf(turns, 8, 15), null); // across turns
  assert.deepEqual(trimSpan(turns, 3, 6), { start: 4, end: 5 }); // " 😊 " -> "😊"
  assert.deepEqual(trimSpan(turns, 8, 15), { start: 8, end: 15 }); // across turns: as is
  assert.equal(trimSpan(turns, 3, 4), null); // only whitespace
});

test("word steps within a turn", () => {
  assert.equal(wordStep(turns, 0, 1), 3); // after "Ésa"
  assert.equal(wordStep(turns, 3, 1), 5); // over the space, after "😊"
  assert.equal(wordStep(turns, 12, -1), 10); // before "🚗."
  assert.equal(wordStep(turns, 10, -1), 6); // before "fue"
  assert.equal(wordStep(turns, 16, -1), 14); // the start of the turn
  assert.equal(wordStep(turns, 18, 1), 20); // the end of the turn
});

// A drawn turn, as draw.js leaves it: .seg spans cut at 4 and 5, each with one text node.
function drawnTurn() {
  const seg = (s, e, data) => {
    const el = { dataset: { s: String(s), e: String(e) }, classList: { contains: (c) => c === "seg" } };
    el.firstChild = { nodeType: 3, data, parentElement: { closest: () => el } };
    el.closest = (selector) => (selector === ".seg" ? el : null);
    return el;
  };
  const children = [seg(0, 4, "\u00c9sa "), seg(4, 5, "\u{1F60A}"), seg(5, 12, " fue \u{1F697}.")];
  const el = {
    dataset: { start: "0", end: "12" },
    children,
    firstElementChild: children[0],
    lastElementChild: children[2],
    classList: { contains: (c) => c === "text" },
  };
  el.closest = (selector) => (selector === ".text" ? el : null);
  return { el, start: 0, end: 12, text: FIRST };
}

test("code-point offset -> DOM point", () => {
  const turn = drawnTurn();
  const [seg0, seg1, seg2] = turn.el.children;
  assert.deepEqual(pointAt([turn], 4), [seg1.firstChild, 0]); // a start: the segment after
  assert.deepEqual(pointAt([turn], 4, true), [seg0.firstChild, 4]); // an end: the segment before
  // Inside: 11 is 6 code points into " fue 🚗.", after the pair: 7 units.
  assert.deepEqual(pointAt([turn], 11), [seg2.firstChild, 7]);
  assert.deepEqual(pointAt([turn], 12, true), [seg2.firstChild, 8]);
  assert.equal(pointAt([turn], 13), null);
});

test("DOM point -> code-point offset", () => {
  const turn = drawnTurn();
  const [, seg1, seg2] = turn.el.children;
  assert.equal(offsetOf(seg2.firstChild, 7), 11); // 5 + " fue 🚗" (7 units, 6 code points)
  assert.equal(offsetOf(seg2.firstChild, 8), 12);
  assert.equal(offsetOf(seg1.firstChild, 2), 5);
  assert.equal(offsetOf(turn.el, 1), 4); // between children of .text: the next one's start
  assert.equal(offsetOf(turn.el, 3), 12); // after the last child: the turn's end
  assert.equal(offsetOf(seg1, 0), 4);
  assert.equal(offsetOf(seg1, 1), 5);
});
