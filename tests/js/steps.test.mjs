import assert from "node:assert/strict";
import { test } from "node:test";

import { absorb, coveredBy } from "../../coding/static/coding/workbench/merge.js";
import { codingStep, sentenceStep, suggestionStep } from "../../coding/static/coding/workbench/steps.js";

const sentences = [
  [0, 10],
  [11, 20],
  [21, 30],
];

test("j/k select the next or previous sentence", () => {
  assert.deepEqual(sentenceStep(sentences, null, 1, false), { start: 0, end: 10 });
  assert.deepEqual(sentenceStep(sentences, null, -1, false), { start: 21, end: 30 });
  assert.deepEqual(sentenceStep(sentences, { start: 0, end: 10 }, 1, false), { start: 11, end: 20 });
  assert.deepEqual(sentenceStep(sentences, { start: 11, end: 20 }, -1, false), { start: 0, end: 10 });
  assert.deepEqual(sentenceStep(sentences, { start: 3, end: 5 }, 1, false), { start: 11, end: 20 });
  assert.equal(sentenceStep(sentences, { start: 21, end: 30 }, 1, false), null);
});

test("J/K extend or shrink the selection by a sentence", () => {
  assert.deepEqual(sentenceStep(sentences, { start: 0, end: 10 }, 1, true), { start: 0, end: 20 });
  assert.deepEqual(sentenceStep(sentences, { start: 0, end: 20 }, -1, true), { start: 0, end: 10 });
  assert.equal(sentenceStep(sentences, { start: 0, end: 10 }, -1, true), null); // never empty
  assert.deepEqual(sentenceStep(sentences, null, 1, true), { start: 0, end: 10 }); // nothing to extend
});

test("n/p step through codings, wrapping around", () => {
  const shown = [{ id: 1 }, { id: 2 }, { id: 3 }];
  assert.equal(codingStep(shown, null, 1).id, 1);
  assert.equal(codingStep(shown, null, -1).id, 3);
  assert.equal(codingStep(shown, 2, 1).id, 3);
  assert.equal(codingStep(shown, 3, 1).id, 1);
  assert.equal(codingStep(shown, 1, -1).id, 3);
  assert.equal(codingStep([], null, 1), null);
});

test("s/S step through suggestions in text order, best first at the same span", () => {
  const shown = [
    { id: 10, start: 50, end: 60, score: 0.5 },
    { id: 11, start: 0, end: 10, score: 0.5 },
    { id: 12, start: 0, end: 10, score: 0.9 },
  ];
  assert.equal(suggestionStep(shown, null, -1, 1).id, 12);
  assert.equal(suggestionStep(shown, 12, -1, 1).id, 11);
  assert.equal(suggestionStep(shown, 10, 0, 1).id, 12); // wraps
  assert.equal(suggestionStep(shown, null, 50, -1).id, 11); // back from where the last one started
  assert.equal(suggestionStep(shown, null, 0, -1).id, 10);
  assert.equal(suggestionStep(shown, null, 51, 1).id, 12);
  assert.equal(suggestionStep([], null, 0, 1), null);
});

test("a new coding absorbs the same coder's spans of the same code inside it", () => {
  const codings = [
    { id: 1, coder: "ana", code: 5, start: 0, end: 4 },
    { id: 2, coder: "ana", code: 5, start: 6, end: 8 },
    { id: 3, coder: "ben", code: 5, start: 6, end: 8 },
    { id: 5, coder: "ana", code: 6, start: 6, end: 8 },
  ];
  const merged = absorb(codings, { id: 4, coder: "ana", code: 5, start: 5, end: 10 });
  assert.deepEqual(
    merged.map((c) => c.id),
    [1, 4, 3, 5],
  );
  assert.equal(codings.length, 4); // the input is left alone
  const edited = absorb(merged, { id: 1, coder: "ana", code: 5, start: 0, end: 3, memo: "x" });
  assert.deepEqual(
    edited.map((c) => [c.id, c.end]),
    [
      [1, 3],
      [4, 10],
      [3, 8],
      [5, 8],
    ],
  );
});

test("suggestions at least half covered by an accepted span of the same target", () => {
  const covered = coveredBy({ start: 10, end: 20 }, 5);
  assert.equal(covered({ code: 5, start: 15, end: 25 }), true); // 5 of 10
  assert.equal(covered({ code: 5, start: 16, end: 26 }), false); // 4 of 10
  assert.equal(covered({ code: 6, start: 10, end: 20 }), false);
  assert.equal(covered({ code: 5, start: 30, end: 40 }), false);
  const moment = coveredBy({ start: 10, end: 20 }, "helpful");
  assert.equal(moment({ code: null, valence: "helpful", start: 10, end: 20 }), true);
  assert.equal(moment({ code: null, valence: "hindering", start: 10, end: 20 }), false);
});
