import assert from "node:assert/strict";
import { test } from "node:test";

import {
  bestSuggestions,
  suggColour,
  suggName,
  visibleCodings,
  visibleMoments,
  visibleSuggestions,
} from "../../coding/static/coding/workbench/filters.js";

const codes = new Map([
  [1, { id: 1, name: "Feeling safe", colour: "#2e8b57", cluster_id: 10 }],
  [2, { id: 2, name: "Abrupt endings", colour: "#c0392b", cluster_id: 20 }],
]);
const viewer = { user: "ana", codes };
const all = { coder: "", code: "", momentsOnly: false };
const codings = [
  { id: 1, coder: "ana", code: 1 },
  { id: 2, coder: "ben", code: 1 },
  { id: 3, coder: "ana", code: 2 },
];
const suggestions = [
  { id: 11, code: 1 },
  { id: 12, code: 2 },
  { id: 13, code: null, valence: "helpful" },
];
const ids = (list) => list.map((x) => x.id);

test("codings by coder, code and cluster", () => {
  assert.deepEqual(ids(visibleCodings(codings, all, viewer)), [1, 2, 3]);
  assert.deepEqual(ids(visibleCodings(codings, { ...all, coder: "__me" }, viewer)), [1, 3]);
  assert.deepEqual(ids(visibleCodings(codings, { ...all, coder: "ben" }, viewer)), [2]);
  assert.deepEqual(ids(visibleCodings(codings, { ...all, code: "code:2" }, viewer)), [3]);
  assert.deepEqual(ids(visibleCodings(codings, { ...all, code: "cluster:10" }, viewer)), [1, 2]);
  assert.deepEqual(ids(visibleCodings(codings, { ...all, momentsOnly: true }, viewer)), []);
});

test("moments by rater", () => {
  const moments = [
    { id: 5, rater: "ana" },
    { id: 6, rater: "ben" },
  ];
  assert.deepEqual(ids(visibleMoments(moments, all, viewer)), [5, 6]);
  assert.deepEqual(ids(visibleMoments(moments, { ...all, coder: "__me" }, viewer)), [5]);
  assert.deepEqual(ids(visibleMoments(moments, { ...all, coder: "ben" }, viewer)), [6]);
});

test("suggestions are the member's own: hidden on another coder's view", () => {
  assert.deepEqual(ids(visibleSuggestions(suggestions, all, viewer)), [11, 12, 13]);
  assert.deepEqual(ids(visibleSuggestions(suggestions, { ...all, coder: "ana" }, viewer)), [11, 12, 13]);
  assert.deepEqual(ids(visibleSuggestions(suggestions, { ...all, coder: "ben" }, viewer)), []);
  assert.deepEqual(ids(visibleSuggestions(suggestions, { ...all, code: "cluster:20" }, viewer)), [12]);
  assert.deepEqual(ids(visibleSuggestions(suggestions, { ...all, momentsOnly: true }, viewer)), [13]);
});

test("suggestion names and colours", () => {
  assert.equal(suggName(suggestions[0], codes), "Feeling safe");
  assert.equal(suggName(suggestions[2], codes), "helpful moment");
  assert.equal(suggName({ code: 99 }, codes), "?");
  assert.equal(suggColour(suggestions[1], codes), "#c0392b");
  assert.equal(suggColour(suggestions[2], codes), "#2e8b57");
  assert.equal(suggColour({ code: null, valence: "mixed" }, codes), "#888888");
});

test("the best N suggestions by score, in text order; none when switched off", () => {
  const scored = [
    { id: 1, start: 0, score: 0.6 },
    { id: 2, start: 10, score: 0.9 },
    { id: 3, start: 20, score: 0.6 },
    { id: 4, start: 30, score: 0.7 },
  ];
  // 0.9 and 0.7, then the earlier of the two 0.6s; listed in text order.
  assert.deepEqual(ids(bestSuggestions(scored, 3)), [1, 2, 4]);
  assert.deepEqual(ids(bestSuggestions(scored, 1)), [2]);
  assert.deepEqual(ids(bestSuggestions(scored, 0)), [1, 2, 3, 4]);
  assert.deepEqual(ids(bestSuggestions(scored, 10)), [1, 2, 3, 4]);
  assert.deepEqual(bestSuggestions(scored, 3, false), []);
});

test("a cluster suggestion is named and filtered by its cluster, and picks among its active codes", async () => {
  const { codesOfCluster, isCluster } = await import("../../coding/static/coding/workbench/filters.js");
  const withRetired = new Map([...codes, [3, { id: 3, name: "Old", colour: "#000000", cluster_id: 10, active: false }]]);
  const cluster = { id: 14, code: null, cluster: 10, valence: "" };
  const clusters = new Map([[10, { id: 10, name: "Therapy environment" }]]);
  assert.equal(isCluster(cluster), true);
  assert.equal(isCluster({ id: 15, code: 1 }), false);
  assert.equal(isCluster({ id: 16, code: null, cluster: null, valence: "helpful" }), false);
  assert.equal(suggName(cluster, codes, clusters), "Therapy environment (cluster)");
  assert.equal(suggName(cluster, codes), "? (cluster)");
  assert.equal(suggColour(cluster, codes), "#888888");
  assert.deepEqual(codesOfCluster(cluster, withRetired).map((c) => c.id), [1]);
  const list = [...suggestions, cluster];
  assert.deepEqual(ids(visibleSuggestions(list, all, viewer)), [11, 12, 13, 14]);
  assert.deepEqual(ids(visibleSuggestions(list, { ...all, code: "cluster:10" }, viewer)), [11, 14]);
  assert.deepEqual(ids(visibleSuggestions(list, { ...all, code: "cluster:20" }, viewer)), [12]);
  assert.deepEqual(ids(visibleSuggestions(list, { ...all, code: "code:1" }, viewer)), [11]);
  assert.deepEqual(ids(visibleSuggestions(list, { ...all, momentsOnly: true }, viewer)), [13]);
});
