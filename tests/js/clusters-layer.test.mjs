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
