import assert from "node:assert/strict";
import { test } from "node:test";

import { nextActive } from "../../frontend/js/combobox.js";
import { parsePosition } from "../../frontend/js/contribution-form.js";
import { interpolate } from "../../frontend/js/i18n.js";
import { LIST_LIMIT, listContent, listStatus } from "../../frontend/js/in-view-list.js";
import { clusterName, clusterSize, formatCount, isSamePlace, pagePath, safeColour, TOUCH } from "../../frontend/js/markers.js";
import { iframeSnippet } from "../../frontend/js/share-dialog.js";

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
  assert.equal(clusterName(4, false, "fr", "Brest"), "4 initiatives autour de Brest : zoomer pour les voir");
  assert.equal(clusterName(12345, true, "en", "Brest"), `${(12345).toLocaleString("en")} initiatives au même endroit, à Brest : afficher la liste`);
  assert.equal(clusterName(4, false, "fr", null), "4 initiatives ici : zoomer pour les voir"); // no town known
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
  assert.equal(listStatus(0, 0), "Aucune initiative dans cette vue.");
  assert.equal(listStatus(150, 120), "150 initiatives dans la vue, dont celles-ci :");
  assert.equal(listStatus(3, 3), "3 initiatives dans la vue :");
  assert.equal(interpolate("à %(town)s", { town: "Brest" }, true), "à Brest");
});

test("a typed position is one only within the world", () => {
  assert.deepEqual(parsePosition("-4.49", "48.39"), { lon: -4.49, lat: 48.39 });
  assert.equal(parsePosition("200", "48"), null);
  assert.equal(parsePosition("", "48"), null);
});

test("the list names the initiatives in view, then the groups, and counts them all", () => {
  const single = (name) => ({ properties: { cluster: false, name } });
  const group = (count) => ({ properties: { cluster: true, count } });
  const { singles, groups, total } = listContent([single("Zèbre"), group(4), single("Écluse"), group(9), single("abri")]);
  assert.deepEqual(singles.map((f) => f.properties.name), ["abri", "Écluse", "Zèbre"]);
  assert.deepEqual(groups.map((f) => f.properties.count), [9, 4]);
  assert.equal(total, 16);
  const many = Array.from({ length: LIST_LIMIT + 5 }, (_, i) => single(`n${i}`));
  assert.equal(listContent(many).singles.length, LIST_LIMIT);
});

import { matches } from "../../frontend/js/choice-filter.js";
import { positionText } from "../../frontend/js/contribution-form.js";

test("a network is found whatever the accents and the case", () => {
  assert.ok(matches("Réseau des Écoles de la Coopération", "ecoles coop".split(" ")[0]));
  assert.ok(matches("Anim-fr", "ANIM"));
  assert.ok(!matches("Coop Group", "libre"));
});

test("the position is told as a sentence, codes included", () => {
  assert.equal(positionText({ lon: "", lat: "" }), "Pas encore de position : choisissez un lieu ou touchez la carte.");
  assert.equal(
    positionText({ lon: "-4.486", lat: "48.39", precision: "commune", commune: "Brest", postal_code: "29200", insee_code: "29019", department_code: "29", region_code: "53" }),
    "Position : 48.39000, -4.48600 (au centre de la commune) — Brest 29200 — INSEE 29019, département 29, région 53",
  );
});

test("a count is written as Intl.NumberFormat writes it, in French and in English", () => {
  const counts = [0, 7, 999, 1000, 1234, 12345, 999999, 1000000, 1234567, -1234, 987654321];
  for (let n = 1; n < 2e9; n = Math.floor(n * 3.7) + 1) counts.push(n);
  for (const lang of ["fr", "en"]) {
    const intl = new Intl.NumberFormat(lang);
    for (const count of counts) assert.equal(formatCount(count, lang), intl.format(count), `${lang} ${count}`);
  }
});
