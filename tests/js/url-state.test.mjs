import assert from "node:assert/strict";
import { test } from "node:test";

import { clustersUrl, filterParams, pageParams, requestedView, samePlaceUrl, territoryState, territoryValues, withoutView } from "../../frontend/js/url-state.js";

test("filters become parameters in a stable order, empty ones left out", () => {
  const a = filterParams({ q: "libre", theme: ["communs", "tiers-lieux"], transitive: false, network: [], kind: "" });
  const b = filterParams({ theme: ["communs", "tiers-lieux"], q: "libre" });
  assert.equal(a.toString(), "theme=communs&theme=tiers-lieux&q=libre");
  assert.equal(a.toString(), b.toString());
});

test("the page's parameters add the view, rounded", () => {
  const params = pageParams({ region: ["53"] }, { lat: 48.123456, lon: -3.98768, zoom: 8 });
  assert.equal(params.toString(), "region=53&lat=48.1235&lon=-3.9877&z=8");
});

test("a view is asked for only when complete", () => {
  assert.deepEqual(requestedView({ lat: 48.2, lon: -3, z: 8 }), { lat: 48.2, lon: -3, zoom: 8 });
  assert.equal(requestedView({ lat: 48.2, z: 8 }), null);
  assert.deepEqual(withoutView({ lat: 1, lon: 2, z: 3, theme: ["x"] }), { theme: ["x"] });
});

test("territories go to the select and back", () => {
  assert.deepEqual(territoryValues({ region: ["53"], department: ["29"] }), ["region:53", "department:29"]);
  assert.deepEqual(territoryState("department:2A"), { region: [], department: ["2A"] });
  assert.deepEqual(territoryState(""), { region: [], department: [] });
});

test("the clusters URL has the filters, the zoom and the bbox snapped outward to the grid", () => {
  const url = clustersUrl("/api/v1/clusters/", { theme: ["communs"] }, { zoom: 1, bbox: [-10, -10, 10, 10], levelOffset: 2 });
  // Zoom 1 + 2: 8 × 8 cells of 45° of longitude.
  assert.equal(url, "/api/v1/clusters/?theme=communs&zoom=1&bbox=-45%2C-40.979898%2C45%2C40.979898");
});

test("the members at one point are asked for with the filters, in a box a metre wide", () => {
  const url = samePlaceUrl("/api/v1/initiatives/", { network: ["coop"], transitive: true }, [-4.48, 48.39]);
  const params = new URL(url, "http://x").searchParams;
  assert.deepEqual([...params.keys()], ["network", "transitive", "bbox", "page_size"]);
  assert.equal(params.get("transitive"), "true");
  assert.equal(params.get("bbox"), "-4.480010,48.389990,-4.479990,48.390010");
  assert.equal(params.get("page_size"), "100");
});
