import assert from "node:assert/strict";
import { test } from "node:test";

import { embeddedAnswer, embeddedFirst } from "../../frontend/js/embedded-clusters.js";
import { cellOf, cellRange, snapBbox } from "../../frontend/js/grid.js";

// Level 10 (map zoom 8): 1024 cells a side. Brest is in cell (499, 354), as initiatives/map_cells.py cell_of computes it.
const point = (lon, lat, properties = {}) => ({ type: "Feature", geometry: { type: "Point", coordinates: [lon, lat] }, properties });
const BREST = [-4.4861, 48.3904];

test("a point's cell is the server's: floor of its Web Mercator fraction, clamped to the grid", () => {
  assert.deepEqual(cellOf(BREST, 10), [499, 354]);
  assert.deepEqual(cellOf([0, 0], 1), [1, 1]);
  assert.deepEqual(cellOf([180, -90], 2), [3, 3]); // the east and south edges belong to the last cell
  assert.deepEqual(cellOf([-180, 90], 2), [0, 0]);
});

test("a bbox's cells are those of its corners", () => {
  assert.deepEqual(cellRange([-180, -85, 180, 85], 2), [0, 3, 0, 3]);
  // A bbox snapped to level 10 covers whole cells: its corners' cells are its own.
  const snapped = snapBbox([-4.6, 48.3, -4.4, 48.45], 8, 2);
  const [x0, x1, y0, y1] = cellRange(snapped, 10);
  assert.ok(x0 <= 499 && 499 <= x1 && y0 <= 354 && 354 <= y1);
});

function embedded(features, { filters = "", cells = [490, 510, 345, 365] } = {}) {
  return [{ zoom: 8, level: 10, cells, filters, features }];
}
const url = (bbox, extra = "") => `/api/v1/clusters/?${extra}zoom=8&bbox=${bbox.join(",")}`;

test("the page answers a URL within its cells: the features of the URL's cells, in order", () => {
  const inside = point(...BREST, { cluster: true, count: 4 });
  const west = point(-7.0, 48.39); // cell 491, outside the view's cells below
  const page = embedded([inside, west]);
  const bbox = snapBbox([-5.0, 48.0, -4.0, 48.8], 8, 2);
  const [x0] = cellRange(bbox, 10);
  assert.ok(x0 > 491);
  assert.deepEqual(embeddedAnswer(page, url(bbox)), { type: "FeatureCollection", features: [inside] });
  const wide = snapBbox([-7.5, 48.0, -4.0, 48.8], 8, 2);
  assert.deepEqual(embeddedAnswer(page, url(wide)).features, [inside, west]);
});

test("the page does not answer another zoom, other filters, or cells beyond its own", () => {
  const bbox = snapBbox([-5.0, 48.0, -4.0, 48.8], 8, 2);
  const page = embedded([point(...BREST)], { filters: "theme=communs" });
  assert.ok(embeddedAnswer(page, url(bbox, "theme=communs&")));
  assert.equal(embeddedAnswer(page, url(bbox)), null); // the URL lost the filter
  assert.equal(embeddedAnswer(page, url(bbox, "theme=communs&theme=jardins&")), null);
  assert.equal(embeddedAnswer(page, url(bbox, "theme=communs&").replace("zoom=8", "zoom=9")), null);
  const further = snapBbox([-5.0, 48.0, 2.0, 48.8], 8, 2); // past cell 510 to the east
  assert.equal(embeddedAnswer(page, url(further, "theme=communs&")), null);
  assert.equal(embeddedAnswer(null, url(bbox)), null);
  assert.equal(embeddedAnswer([], url(bbox)), null);
  assert.equal(embeddedAnswer(page, "/api/v1/clusters/?theme=communs&zoom=8"), null); // no bbox
});

test("of several zooms, the one the URL asks for answers", () => {
  const z7 = { zoom: 7, level: 9, cells: [240, 260, 170, 185], filters: "", features: [point(...BREST, { cluster: true, count: 9 })] };
  const z8 = embedded([point(...BREST, { cluster: true, count: 4 })])[0];
  const bbox8 = snapBbox([-5.0, 48.0, -4.0, 48.8], 8, 2);
  const bbox7 = snapBbox([-5.0, 48.0, -4.0, 48.8], 7, 2);
  assert.equal(embeddedAnswer([z7, z8], url(bbox8)).features[0].properties.count, 4);
  assert.equal(embeddedAnswer([z7, z8], url(bbox7).replace("zoom=8", "zoom=7")).features[0].properties.count, 9);
  assert.equal(embeddedAnswer([z7, z8], url(bbox8).replace("zoom=8", "zoom=6")), null);
});

test("filters are compared whatever their order", () => {
  const bbox = snapBbox([-5.0, 48.0, -4.0, 48.8], 8, 2);
  const page = embedded([point(...BREST)], { filters: "theme=communs&kind=place" });
  assert.ok(embeddedAnswer(page, url(bbox, "kind=place&theme=communs&")));
});

test("only the first GET may be answered from the page; the others go to the network", async () => {
  const bbox = snapBbox([-5.0, 48.0, -4.0, 48.8], 8, 2);
  const asked = [];
  const network = async (u) => { asked.push(u); return { type: "FeatureCollection", features: [] }; };
  const get = embeddedFirst(embedded([point(...BREST)]), network);
  assert.equal((await get(url(bbox))).features.length, 1);
  assert.equal((await get(url(bbox))).features.length, 0);
  assert.deepEqual(asked, [url(bbox)]);
  // A first GET the page cannot answer goes to the network, and the page is not used later.
  const other = embeddedFirst(embedded([point(...BREST)]), network);
  await other(url(bbox).replace("zoom=8", "zoom=9"));
  await other(url(bbox));
  assert.equal(asked.length, 3);
});
