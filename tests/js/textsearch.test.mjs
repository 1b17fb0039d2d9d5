// Search in a transcript: hand-counted code-point offsets with accents, emoji, case, "ß",
// curly apostrophes and decomposed letters; the same cases as tests/coding/search/test_matching.py.
import assert from "node:assert/strict";
import { test } from "node:test";

import { findInTurns, fold, hitFrom, hitStep, patternFor, queryProblem } from "../../coding/static/coding/workbench/textsearch.js";

// Turn 1: É0 s1 a2 ␠3 f4 u5 e6 ␠7 l8 a9 ␠10 C11 A12 F13 É14 ␠15 😊16 ␠17 c18 a19 f20 é21 .22
//   (23 code points, 24 UTF-16 units: 😊 is a surrogate pair)
// Turn 2 (from 25): S25 t26 r27 a28 ß29 e30 ,31 ␠32 s33 t34 r35 a36 s37 s38 e39 ;40 ␠41
//   d42 o43 n44 ’45 t46 ␠47 D48 O49 N50 '51 T52 .53
// Turn 3 (from 60, decomposed letters): n60 a61 i62 ◌̈63 v64 e65 ␠66 e67 ◌́68 t69 e70
const TURNS = [
  { start: 0, text: "\u00c9sa fue la CAF\u00c9 \u{1F60A} caf\u00e9." },
  { start: 25, text: "Stra\u00dfe, strasse; don\u2019t DON'T." },
  { start: 60, text: "nai\u0308ve e\u0301te" },
];

const spans = (query) => findInTurns(TURNS, query).map(({ start, end }) => [start, end]);

test("case and accents are ignored, offsets are code points", () => {
  assert.deepEqual(spans("cafe"), [[11, 15], [18, 22]]);
  assert.deepEqual(spans("CAFÉ"), [[11, 15], [18, 22]]);
  assert.deepEqual(spans("esa"), [[0, 3]]);
  assert.deepEqual(spans("\u{1F60A} cafe"), [[16, 22]]); // after the emoji: one code point, two units
});

test("ß and ss, curly and straight apostrophes, decomposed accents", () => {
  assert.deepEqual(spans("strasse"), [[25, 31], [33, 40]]);
  assert.deepEqual(spans("Straße"), [[25, 31], [33, 40]]);
  assert.deepEqual(spans("don't"), [[42, 47], [48, 53]]);
  assert.deepEqual(spans("don’t"), [[42, 47], [48, 53]]);
  assert.deepEqual(spans("naive"), [[60, 66]]); // the combining diaeresis belongs to the hit
  assert.deepEqual(spans("ETE"), [[67, 71]]);
});

test("whitespace runs match, hits stay inside a turn, bad queries find nothing", () => {
  assert.deepEqual(spans("  la   cafe "), [[8, 15]]);
  assert.deepEqual(spans("café. Straße"), []);
  assert.deepEqual(spans("(x"), []); // regex syntax is literal
  assert.deepEqual(spans("\u0301"), []);
  assert.equal(queryProblem(""), "Type a word or phrase to search for.");
  assert.equal(queryProblem("a\0b"), "Null characters are not allowed.");
  assert.equal(queryProblem("x".repeat(201)), "A search has at most 200 characters.");
  assert.equal(queryProblem("\u0301"), "Type a word or phrase to search for (accents alone match nothing).");
  assert.equal(queryProblem("café"), null);
});

test("fold and the pattern", () => {
  assert.equal(fold("Ésa CAFÉ Straße don’t"), "esa cafe strasse don't");
  assert.ok(patternFor("a.b").test("A.B"));
  assert.ok(!patternFor("a.b").test("axb"));
});

test("next and previous hit wrap around; the hit at or after a place", () => {
  const hits = [{ start: 3, end: 5 }, { start: 10, end: 12 }, { start: 20, end: 24 }];
  assert.equal(hitStep(hits, -1, 1), 0);
  assert.equal(hitStep(hits, -1, -1), 2);
  assert.equal(hitStep(hits, 2, 1), 0);
  assert.equal(hitStep(hits, 0, -1), 2);
  assert.equal(hitStep([], -1, 1), -1);
  assert.equal(hitFrom(hits, 10), 1);
  assert.equal(hitFrom(hits, 11), 1);
  assert.equal(hitFrom(hits, 12), 2);
  assert.equal(hitFrom(hits, 30), 2);
  assert.equal(hitFrom([], 0), -1);
});

test("whole words: no letter, digit or combining mark adjoins the hit", () => {
  const turns = [{ start: 0, text: "the therapy breathe, The end. e\u0301the \u{1F60A}the" }];
  // t0 h1 e2 ␠3 t4..y10 ␠11 b12..e18 ,19 ␠20 T21 h22 e23 ␠24 e25 n26 d27 .28 ␠29 e30 ◌́31 t32 h33 e34 ␠35 😊36 t37 h38 e39
  const hits = (whole) => findInTurns(turns, "the", whole).map(({ start, end }) => [start, end]);
  assert.deepEqual(hits(true), [[0, 3], [21, 24], [37, 40]]);
  assert.deepEqual(hits(false), [[0, 3], [4, 7], [16, 19], [21, 24], [32, 35], [37, 40]]);
});
