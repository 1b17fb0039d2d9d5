import assert from "node:assert/strict";
import { test } from "node:test";

import { cutTurn, tint, turnHtml, underline } from "../../coding/static/coding/workbench/segments.js";

// Code points: É0 s1 a2 ␠3 😊4 ␠5 f6 u7 e8 ␠9 🚗10 .11
const turn = { start: 0, end: 12, text: "\u00c9sa \u{1F60A} fue \u{1F697}." };
const codes = new Map([
  [1, { id: 1, colour: "#2e8b57" }],
  [2, { id: 2, colour: "#4e79a7" }],
]);
const coding = { id: 7, code: 1, coder: "ana", start: 4, end: 10 };
const suggestion = { id: 3, code: 2, start: 0, end: 5, score: 0.5 };
const GREEN = "background-image:linear-gradient(#2e8b57,#2e8b57);background-size:100% 3px;background-position:0 calc(100% - 0px);padding-bottom:4px";

test("a turn is cut at every coding and suggestion boundary, by code points", () => {
  const pieces = cutTurn(turn, [coding], [suggestion]);
  assert.deepEqual(
    pieces.map(({ s, e, text }) => [s, e, text]),
    [
      [0, 4, "\u00c9sa "],
      [4, 5, "\u{1F60A}"],
      [5, 10, " fue "],
      [10, 12, "\u{1F697}."],
    ],
  );
  assert.deepEqual(pieces.map((p) => p.codings.map((c) => c.id)), [[], [7], [7], []]);
  assert.deepEqual(pieces.map((p) => p.suggestions.map((x) => x.id)), [[3], [3], [], []]);
});

test("spans outside the turn do not cut it", () => {
  const elsewhere = { id: 8, code: 1, start: 20, end: 30 };
  assert.deepEqual(cutTurn(turn, [elsewhere]).map(({ s, e }) => [s, e]), [[0, 12]]);
});

test("suggestions in a segment come best first", () => {
  const better = { id: 4, code: 1, start: 0, end: 12, score: 0.9 };
  const [first] = cutTurn(turn, [], [suggestion, better]);
  assert.deepEqual(first.suggestions.map((x) => x.id), [4, 3]);
});

test("the drawn HTML of a turn", () => {
  const html = turnHtml(turn, [coding], [suggestion], { active: 7, focusSugg: null, codes });
  const sugg = "--sugg:#4e79a7;--sugg-bg:rgba(78,121,167,0.07)";
  assert.equal(
    html,
    `<span class="seg sugg sugg-s" data-s="0" data-e="4" data-sugg="3" data-style="${sugg}">\u00c9sa </span>` +
      `<span class="seg coded active sugg sugg-e" data-s="4" data-e="5" data-ids="7" data-sugg="3" data-style="${GREEN};${sugg}">\u{1F60A}</span>` +
      `<span class="seg coded active" data-s="5" data-e="10" data-ids="7" data-style="${GREEN}"> fue </span>` +
      `<span class="seg" data-s="10" data-e="12">\u{1F697}.</span>`,
  );
});

test("a focused suggestion is tinted darker; text is escaped", () => {
  const plain = { start: 0, end: 9, text: `<b>&'"</b` }; // 9 code points
  const whole = { id: 9, code: 2, start: 0, end: 9, score: 0.5 };
  assert.equal(
    turnHtml(plain, [], [whole], { active: null, focusSugg: 9, codes }),
    `<span class="seg sugg sugg-focus sugg-s sugg-e" data-s="0" data-e="9" data-sugg="9" data-style="--sugg:#4e79a7;--sugg-bg:rgba(78,121,167,0.22)">&lt;b&gt;&amp;&#39;&quot;&lt;/b</span>`,
  );
});

test("stacked underlines, one layer per coding, unknown codes grey", () => {
  assert.equal(
    underline([{ code: 1 }, { code: 99 }], codes),
    "background-image:linear-gradient(#2e8b57,#2e8b57),linear-gradient(#888888,#888888);" +
      "background-size:100% 3px,100% 3px;" +
      "background-position:0 calc(100% - 0px),0 calc(100% - 4px);padding-bottom:8px",
  );
});

test("tints hex colours and passes others through", () => {
  assert.equal(tint("#2e8b57", 0.5), "rgba(46,139,87,0.5)");
  assert.equal(tint("#abc", 1), "rgba(170,187,204,1)");
  assert.equal(tint("red", 0.5), "red");
});
