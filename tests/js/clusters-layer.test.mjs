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

import { snapBbox, tileX, tileY } from "../../frontend/static/frontend/js/grid.js";

const isEdge = (v) => Math.abs(v - Math.round(v)) < 1e-4;

test("a bbox snaps outward to the edges of the server's cells (Mercator tiles of zoom + 2)", () => {
  const n = 2 ** (8 + 2);
  const [w, s, e, north] = snapBbox([-4.3, 48.1, -2.2, 48.9], 8, 2);
  assert.ok(w <= -4.3 && s <= 48.1 && e >= -2.2 && north >= 48.9);
  for (const edge of [tileX(w, n), tileX(e, n), tileY(s, n), tileY(north, n)]) {
    assert.ok(isEdge(edge), `${edge} is a cell edge`);
  }
  // Outward by less than one cell on each side.
  assert.ok(tileX(-4.3, n) - tileX(w, n) < 1 && tileY(s, n) - tileY(48.1, n) < 1);
});

test("neighbouring views inside the same cells ask for the same bbox", () => {
  assert.deepEqual(snapBbox([-4.3, 48.1, -2.2, 48.9], 8, 2), snapBbox([-4.29, 48.11, -2.21, 48.89], 8, 2));
  const [w, s, e, n] = snapBbox([-200, -95, 200, 95], 0, 2);
  assert.deepEqual([w, e], [-180, 180]);
  assert.ok(Math.abs(s + 85.0511) < 1e-3 && Math.abs(n - 85.0511) < 1e-3);
});
