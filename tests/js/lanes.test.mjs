import assert from "node:assert/strict";
import { test } from "node:test";

import { assignLanes } from "../../coding/static/coding/workbench/lanes.js";

test("overlapping passages go side by side, later ones reuse a freed lane", () => {
  const { lanes, count } = assignLanes([
    { id: 1, top: 0, bottom: 50 },
    { id: 2, top: 10, bottom: 30 }, // inside 1: lane 1
    { id: 3, top: 40, bottom: 80 }, // 2 ended at 30: lane 1 again
    { id: 4, top: 60, bottom: 70 }, // 1 ended at 50: lane 0
    { id: 5, top: 65, bottom: 90 }, // lanes 0 and 1 busy: lane 2
  ]);
  assert.deepEqual([...lanes.entries()].sort((a, b) => a[0] - b[0]), [[1, 0], [2, 1], [3, 1], [4, 0], [5, 2]]);
  assert.equal(count, 3);
});

test("touching stripes never share a lane; the longer of two with one top goes first", () => {
  const { lanes } = assignLanes([
    { id: 7, top: 0, bottom: 20 },
    { id: 8, top: 20, bottom: 40 },
    { id: 9, top: 0, bottom: 60 },
  ]);
  assert.equal(lanes.get(9), 0);
  assert.equal(lanes.get(7), 1);
  assert.equal(lanes.get(8), 2);
});

test("nothing to place", () => {
  assert.deepEqual(assignLanes([]), { lanes: new Map(), count: 0 });
});
