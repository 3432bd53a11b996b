import assert from "node:assert/strict";
import { test } from "node:test";

import { progressText } from "../../frontend/js/import-progress.js";

test("while reading, the page says how many rows the server has read", () => {
  assert.equal(progressText({ rows: 12000, read: false }, "fr").replace(/\s/g, " "), "12 000 lignes lues…");
});

test("once read, it says the checks and writes are under way", () => {
  assert.equal(progressText({ rows: 3, read: true }), "3 lignes lues ; vérification et écriture…");
});
