import assert from "node:assert/strict";
import { test } from "node:test";

import { escapeHtml } from "../../coding/static/coding/workbench/escape.js";

test("escapes the five characters that matter in text and attributes", () => {
  assert.equal(escapeHtml(`<>&"'`), "&lt;&gt;&amp;&quot;&#39;");
  assert.equal(
    escapeHtml(`<a href="x">Tom & Jerry's</a>`),
    "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;",
  );
});

test("escapes an entity again rather than trusting it", () => {
  assert.equal(escapeHtml("&amp;"), "&amp;amp;");
});

test("leaves other text alone and stringifies non-strings", () => {
  assert.equal(escapeHtml("café 😊 naïve"), "café 😊 naïve");
  assert.equal(escapeHtml(5), "5");
  assert.equal(escapeHtml(""), "");
});
