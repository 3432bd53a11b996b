import assert from "node:assert/strict";
import { test } from "node:test";

import { METROPOLITAN_FRANCE, firstView, fitBoundsView, project, unproject, viewBbox } from "../../frontend/js/first-view.js";

const close = (a, b, eps = 1e-9) => assert.ok(Math.abs(a - b) < eps, `${a} ≠ ${b}`);

test("Web Mercator: the world is 256 pixels wide at zoom 0, and back", () => {
  assert.deepEqual(project([0, 0], 0), { x: 128, y: 128 });
  close(project([0, 180], 3).x, 2048);
  const [lat, lon] = unproject(project([48.39, -4.48], 13), 13);
  close(lat, 48.39);
  close(lon, -4.48);
});

test("a view's bbox is the map's size around its centre, its top-left pixel rounded", () => {
  const [w, s, e, n] = viewBbox({ lat: 0, lon: 0, zoom: 1 }, { width: 512, height: 512 });
  close(w, -180);
  close(e, 180);
  close(n, 85.0511287798, 1e-6);
  close(s, -85.0511287798, 1e-6);
  // 301 pixels wide: the centre falls half a pixel off, and Leaflet rounds the left edge.
  const [west, , east] = viewBbox({ lat: 0, lon: 0, zoom: 0 }, { width: 301, height: 100 });
  close(west, (-22 / 256) * 360 - 180); // round(128 - 150.5) = -22: JavaScript rounds half up
  close(east, (279 / 256) * 360 - 180);
});

test("fitting France to a laptop's map gives zoom 6 centred on it, to a phone's zoom 5", () => {
  const laptop = fitBoundsView(METROPOLITAN_FRANCE, { width: 1000, height: 700 }, { padding: 8 });
  assert.equal(laptop.zoom, 6);
  const phone = fitBoundsView(METROPOLITAN_FRANCE, { width: 390, height: 500 }, { padding: 8 });
  assert.equal(phone.zoom, 5);
  for (const view of [laptop, phone]) {
    assert.ok(view.lat > 42.3 && view.lat < 51.1 && view.lon > -5.2 && view.lon < 8.3);
    close(view.lon, (-5.2 + 8.3) / 2, 1e-6); // longitude is linear in Web Mercator
  }
});

test("a small extent stops at the maximum zoom, and the URL's view wins over the extent", () => {
  const tiny = firstView(null, [4.84, 45.76, 4.8401, 45.7601], { width: 800, height: 600 });
  assert.equal(tiny.zoom, 12);
  assert.deepEqual(firstView({ lat: 1, lon: 2, zoom: 3 }, [0, 0, 1, 1], { width: 800, height: 600 }), { lat: 1, lon: 2, zoom: 3 });
  assert.equal(firstView(null, null, { width: 1000, height: 700 }).zoom, 6); // nothing placed: France
});
