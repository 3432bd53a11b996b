import assert from "node:assert/strict";
import { test } from "node:test";

import { diffKeys, featureKey } from "../../frontend/static/frontend/js/clusters-layer.js";

const initiative = (id) => ({ id, geometry: { coordinates: [2, 48] }, properties: { cluster: false } });
const cluster = (lon, lat, count) => ({ geometry: { coordinates: [lon, lat] }, properties: { cluster: true, count } });

test("an initiative is known by its id, a cluster by its place and count", () => {
  assert.equal(featureKey(initiative(7)), "i:7");
  assert.equal(featureKey(cluster(2.5, 48.1, 4)), "c:2.5,48.1:4");
  assert.notEqual(featureKey(cluster(2.5, 48.1, 4)), featureKey(cluster(2.5, 48.1, 5)));
});

test("a small pan keeps what stays in view: only the difference is added and removed", () => {
  const current = new Set(["i:1", "i:2", "c:0,0:4"]);
  assert.deepEqual(diffKeys(current, ["i:2", "c:0,0:4", "i:3"]), { add: ["i:3"], remove: ["i:1"] });
  assert.deepEqual(diffKeys(current, [...current]), { add: [], remove: [] });
});

import { cellSize, snapBbox } from "../../frontend/static/frontend/js/grid.js";

test("a bbox snaps outward to the edges of the server's cells", () => {
  const [cx, cy] = cellSize(8, 80);
  const [w, s, e, n] = snapBbox([-4.3, 48.1, -2.2, 48.9], 8, 80);
  assert.ok(w <= -4.3 && s <= 48.1 && e >= -2.2 && n >= 48.9);
  for (const [edge, c] of [[w, cx], [s, cy], [e, cx], [n, cy]]) {
    assert.ok(Math.abs(edge / c - 0.5 - Math.round(edge / c - 0.5)) < 1e-4, `${edge} is a cell edge`);
  }
});

test("neighbouring views inside the same cells ask for the same bbox", () => {
  assert.deepEqual(snapBbox([-4.3, 48.1, -2.2, 48.9], 8, 80), snapBbox([-4.29, 48.11, -2.21, 48.89], 8, 80));
  assert.deepEqual(snapBbox([-200, -95, 200, 95], 2, 80), [-180, -90, 180, 90]);
});
