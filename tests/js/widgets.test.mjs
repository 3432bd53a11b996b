import assert from "node:assert/strict";
import { test } from "node:test";

import { nextActive } from "../../frontend/static/frontend/js/combobox.js";
import { parsePosition } from "../../frontend/static/frontend/js/contribution-form.js";
import { interpolate } from "../../frontend/static/frontend/js/i18n.js";
import { listStatus } from "../../frontend/static/frontend/js/in-view-list.js";
import { clusterName, clusterSize, isSamePlace, pagePath, safeColour, TOUCH } from "../../frontend/static/frontend/js/markers.js";
import { iframeSnippet } from "../../frontend/static/frontend/js/share-dialog.js";

test("the combobox's arrows wrap around, other keys are not its business", () => {
  assert.equal(nextActive("ArrowDown", -1, 3), 0);
  assert.equal(nextActive("ArrowDown", 2, 3), 0);
  assert.equal(nextActive("ArrowUp", 0, 3), 2);
  assert.equal(nextActive("ArrowDown", -1, 0), null);
  assert.equal(nextActive("a", 0, 3), null);
});

test("clusters are named for screen readers and never smaller than a finger", () => {
  assert.equal(clusterName(4, false), "4 initiatives ici : zoomer pour les voir");
  assert.equal(clusterName(1234, true, "fr"), `${(1234).toLocaleString("fr")} initiatives au même endroit : afficher la liste`);
  assert.ok([1, 9, 10, 999, 5000].every((n) => clusterSize(n) >= TOUCH && TOUCH >= 44));
  assert.equal(isSamePlace({ properties: { bbox: [1, 2, 1, 2] } }), true);
  assert.equal(isSamePlace({ properties: { bbox: [1, 2, 1.1, 2] } }), false);
});

test("colours and links from the data cannot inject anything", () => {
  assert.equal(safeColour("#12abEF"), "#12abEF");
  assert.equal(safeColour("red;background:url(x)"), "#555555");
  assert.equal(pagePath({ url: "https://carte.example/initiatives/x/?a=1" }, "http://localhost"), "/initiatives/x/");
});

test("the iframe snippet escapes what it quotes", () => {
  const snippet = iframeSnippet('https://carte.example/embed/?q="><script>&z=6', 'Carte "des" réseaux');
  assert.ok(snippet.includes('src="https://carte.example/embed/?q=&quot;>&lt;script>&amp;z=6"'));
  assert.ok(snippet.includes('title="Carte &quot;des&quot; réseaux"'));
});

test("the list says how much of the view it shows", () => {
  assert.equal(listStatus(0, false), "Aucune initiative dans cette vue.");
  assert.equal(listStatus(50, true), "Les 50 premières initiatives de la vue :");
  assert.equal(listStatus(3, false), "3 initiatives dans la vue :");
  assert.equal(interpolate("à %(town)s", { town: "Brest" }, true), "à Brest");
});

test("a typed position is one only within the world", () => {
  assert.deepEqual(parsePosition("-4.49", "48.39"), { lon: -4.49, lat: 48.39 });
  assert.equal(parsePosition("200", "48"), null);
  assert.equal(parsePosition("", "48"), null);
});
