import assert from "node:assert/strict";
import { test } from "node:test";

import { applyChoice, itemText, suggestionItems } from "../../frontend/js/map-search.js";
import { memberCount } from "../../frontend/js/network-combobox.js";
import { chosenTerritory, territoryBounds } from "../../frontend/js/territory-fit.js";

const bretagne = { kind: "region", code: "53", name: "Bretagne", label: "Bretagne", bbox: [-5.1, 47.3, -1.0, 48.8], lon: null, lat: null };
const brest = { kind: "commune", code: "29019", name: "Brest", label: "Brest (29)", bbox: null, lon: -4.49, lat: 48.39 };
const communs = { slug: "communs", name_fr: "Communs", name_en: "Commons" };
const communsEnBretagne = {
  places: [bretagne], themes: [communs], networks: [{ slug: "coop-group", name: "Coop Group" }],
  filters: { theme: ["communs"], region: ["53"], department: [], q: "" },
};

test("a theme named with a territory comes first, as one choice, then each part", () => {
  const items = suggestionItems(communsEnBretagne, [{ properties: { name: "Maison du libre" } }]);
  assert.deepEqual(items.map((i) => i.type), ["filters", "place", "theme", "network", "initiative"]);
  assert.deepEqual(items[0].place, bretagne);
  assert.deepEqual(itemText(items[0], "fr"), ["Thème Communs", "en Bretagne"]);
  assert.deepEqual(itemText(items[0], "en"), ["Thème Commons", "en Bretagne"]); // the catalogue translates in the page
});

test("a territory alone is a place, not a filter choice of its own", () => {
  const items = suggestionItems({ ...communsEnBretagne, themes: [], networks: [],
    filters: { theme: [], region: ["53"], department: [], q: "" } });
  assert.deepEqual(items.map((i) => i.type), ["place"]);
  assert.deepEqual(itemText(items[0], "fr"), ["Bretagne", "région"]);
});

test("no suggestions (the API failed): the initiatives found are still offered", () => {
  assert.deepEqual(suggestionItems(null, [{ properties: { name: "x" } }]).map((i) => i.type), ["initiative"]);
});

test("choosing the theme in a territory sets both filters, clears the text and fits the territory", () => {
  const state = { theme: ["numerique-libre"], kind: ["place"], q: "communs bretagne" };
  const { state: next, bounds, center } = applyChoice(state, suggestionItems(communsEnBretagne)[0]);
  assert.deepEqual(next, { theme: ["communs"], kind: ["place"], region: ["53"], department: [], q: "" });
  assert.deepEqual(bounds, [[47.3, -5.1], [48.8, -1.0]]);
  assert.equal(center, null);
  assert.equal(state.q, "communs bretagne"); // the given state is left as it was
});

test("choosing a region replaces the territory and keeps the other filters", () => {
  const { state, bounds } = applyChoice({ theme: ["communs"], department: ["29"], q: "bret" }, { type: "place", place: bretagne });
  assert.deepEqual(state, { theme: ["communs"], region: ["53"], department: [], q: "" });
  assert.deepEqual(bounds, [[47.3, -5.1], [48.8, -1.0]]);
});

test("choosing a town centres the map on it and filters nothing", () => {
  const { state, bounds, center } = applyChoice({ region: ["53"], q: "brst" }, { type: "place", place: brest });
  assert.deepEqual(state, { region: ["53"], q: "" });
  assert.equal(bounds, null);
  assert.deepEqual(center, [48.39, -4.49]);
});

test("choosing a network or a theme makes it the filter", () => {
  assert.deepEqual(applyChoice({ network: ["a", "b"] }, { type: "network", network: { slug: "coop-group" } }).state.network, ["coop-group"]);
  assert.deepEqual(applyChoice({}, { type: "theme", theme: communs }).state.theme, ["communs"]);
});

test("an initiative without a town is named by its kind", () => {
  const item = { type: "initiative", feature: { properties: { name: "Anim-fr", commune: "", kind: "network" } } };
  assert.deepEqual(itemText(item, "fr", (kind) => (kind === "network" ? "Réseau" : kind)), ["Anim-fr", "Réseau"]);
});

test("the territory menu's one territory, named as the territories API names its kind", () => {
  assert.deepEqual(chosenTerritory({ region: ["53"], department: [] }), { kind: "region", code: "53" });
  assert.deepEqual(chosenTerritory({ department: ["29"] }), { kind: "departement", code: "29" });
  assert.equal(chosenTerritory({ region: ["53"], department: ["29"] }), null);
  assert.equal(chosenTerritory({}), null);
  const rows = [{ kind: "region", code: "53", bbox: [-5.1, 47.3, -1.0, 48.8] }, { kind: "departement", code: "53", bbox: [-1.2, 47.7, -0.1, 48.5] }];
  assert.deepEqual(territoryBounds(rows, { kind: "departement", code: "53" }), [[47.7, -1.2], [48.5, -0.1]]);
  assert.equal(territoryBounds(rows, { kind: "region", code: "99" }), null);
});

test("a network's members counted in words", () => {
  assert.equal(memberCount(1), "1 membre");
  assert.equal(memberCount(12), "12 membres");
});
