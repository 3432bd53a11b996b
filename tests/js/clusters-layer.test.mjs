import assert from "node:assert/strict";
import { test } from "node:test";

import { diffKeys, featureKey } from "../../frontend/js/clusters-layer.js";

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

import { snapBbox, tileX, tileY } from "../../frontend/js/grid.js";

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

import { mergeCrowded } from "../../frontend/js/clusters-layer.js";

const at = (x, y) => ({ geometry: { coordinates: [x, y] }, properties: { cluster: true, count: 4, bbox: [x, y, x + 1, y + 1] } });
const pixels = (f) => [f.geometry.coordinates[0] * 10, f.geometry.coordinates[1] * 10]; // 1° = 10 px
const side = () => 44;

test("markers whose squares overlap on screen become one cluster standing for all of them", () => {
  const [merged, ...rest] = mergeCrowded([at(0, 0), at(3, 3)], pixels, side); // 30 px apart: overlap
  assert.equal(rest.length, 0);
  assert.equal(merged.properties.count, 8);
  assert.deepEqual(merged.properties.bbox, [0, 0, 4, 4]);
  assert.deepEqual(merged.geometry.coordinates, [1.5, 1.5]);
});

test("markers at least a marker apart along x or y are left as the server sent them", () => {
  const features = [at(0, 0), at(4.4, 0), at(0, 4.4), at(4.4, 4.4)];
  assert.deepEqual(mergeCrowded(features, pixels, side), features);
});

test("an initiative counts for one and a merged marker's new place is checked again", () => {
  const one = { id: 1, geometry: { coordinates: [8, 0] }, properties: { cluster: false } };
  // a and b merge at x = 2; the merged marker now overlaps the initiative 60 px away.
  const merged = mergeCrowded([at(0, 0), at(4, 0), one], pixels, (count) => (count > 4 ? 80 : 44));
  assert.equal(merged.length, 1);
  assert.equal(merged[0].properties.count, 9);
  assert.deepEqual(merged[0].properties.bbox, [0, 0, 8, 1]);
});

test("no two markers overlap after merging, whatever the input", () => {
  const features = Array.from({ length: 200 }, (_, i) => at((i * 7.3) % 50, (i * 3.1) % 40));
  const drawn = mergeCrowded(features, pixels, side);
  assert.equal(drawn.reduce((n, f) => n + f.properties.count, 0), 800);
  for (const a of drawn) for (const b of drawn) {
    if (a === b) continue;
    const [[ax, ay], [bx, by]] = [pixels(a), pixels(b)];
    assert.ok(Math.abs(ax - bx) >= 44 || Math.abs(ay - by) >= 44, "two markers overlap");
  }
});

import { ClustersLayer } from "../../frontend/js/clusters-layer.js";

// Leaflet's part in a layer: a group markers are added to and removed from.
globalThis.L = { featureGroup: () => ({ shown: new Set(), addTo() { return this; }, addLayer(m) { this.shown.add(m); }, removeLayer(m) { this.shown.delete(m); } }) };

test("draw() adds markers in slices, letting the browser run between them", async () => {
  const layer = new ClustersLayer({}, (f) => ({ id: f.id }));
  let between = 0;
  const ticking = setInterval(() => { between += 1; }, 0);
  const features = Array.from({ length: 5 }, (_, i) => initiative(i));
  try {
    const drawing = layer.draw(features, { slice: -1 }); // every marker in its own slice
    assert.equal(layer.group.shown.size, 1); // the first slice, before anything else runs
    assert.deepEqual(await drawing, { added: 5, removed: 0 });
  } finally {
    clearInterval(ticking);
  }
  assert.equal(layer.group.shown.size, 5);
  assert.ok(between >= 1, "the browser never got a turn");
});

test("a newer draw() stops an older one, whose markers it then puts right", async () => {
  const layer = new ClustersLayer({}, (f) => ({ id: f.id }));
  const older = layer.draw([1, 2, 3, 4].map(initiative), { slice: -1 });
  const newer = layer.draw([7, 8].map(initiative), { slice: -1 });
  assert.equal(await older, null);
  assert.deepEqual(await newer, { added: 2, removed: 1 }); // 1, drawn by the older one, goes
  assert.deepEqual([...layer.markers.keys()].sort(), ["i:7", "i:8"]);
  assert.deepEqual([...layer.group.shown].map((m) => m.id).sort(), [7, 8]);
});
