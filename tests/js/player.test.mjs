// The recording player's turn lookup (coding/static/coding/microprocess/player.js).
import { test } from "node:test";
import assert from "node:assert/strict";

import { turnAt } from "../../coding/static/coding/microprocess/player.js";

const TURNS = [[0, 0, 10], [1, 10, 20], [3, 25, 30]];

test("the turn playing is the one whose time holds the position", () => {
  assert.equal(turnAt(TURNS, 0), 0);
  assert.equal(turnAt(TURNS, 9.99), 0);
  assert.equal(turnAt(TURNS, 10), 1);
  assert.equal(turnAt(TURNS, 27), 3);
});

test("between turns, before the first and after the last no turn plays", () => {
  assert.equal(turnAt(TURNS, 22), null);
  assert.equal(turnAt(TURNS, -1), null);
  assert.equal(turnAt(TURNS, 30), null);
  assert.equal(turnAt([], 5), null);
});

import { tappedTimes } from "../../coding/static/coding/microprocess/tapalong.js";

test("each tapped turn ends where the next begins, the last at the end", () => {
  assert.deepEqual(tappedTimes([0, 1, 2, 5], [1.5, 4, 9], 20), [
    [0, 1.5, 4],
    [1, 4, 9],
    [2, 9, 20],
  ]);
  assert.deepEqual(tappedTimes([0], [], 20), []);
});
