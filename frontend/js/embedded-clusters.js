/* The first view's clusters that the server put in the page (frontend/first_view.py): for the
 * view the URL names, or for the likely zooms of the fitted view, each over a map of up to
 * 1600 × 1024 pixels centred where the map will be. The map's first GET for one of those
 * zooms, with the same filters, over cells within them is answered from the page, as the API
 * would answer it: the Features of those cells (clusters are per cell, so a cell's Feature is
 * the same whatever else is asked). Pure, unit-tested. */

import { getJSON } from "./api.js";
import { cellOf, cellRange } from "./grid.js";

const sorted = (params) => [...params].map(([k, v]) => `${k}=${v}`).sort().join("&");

/* The API's answer to `url` (a clusters URL) from the `views` the page holds, or null when
 * none holds it. */
export function embeddedAnswer(views, url) {
  const params = new URL(url, "http://page.invalid").searchParams;
  const bbox = (params.get("bbox") || "").split(",").map(Number);
  const zoom = Number(params.get("zoom"));
  params.delete("bbox");
  params.delete("zoom");
  const embedded = (views || []).find((view) => view.zoom === zoom);
  if (!embedded || bbox.length !== 4 || bbox.some((v) => !Number.isFinite(v))) return null;
  if (sorted(params) !== sorted(new URLSearchParams(embedded.filters))) return null;
  const [x0, x1, y0, y1] = cellRange(bbox, embedded.level);
  const [ex0, ex1, ey0, ey1] = embedded.cells;
  if (x0 < ex0 || x1 > ex1 || y0 < ey0 || y1 > ey1) return null;
  const features = embedded.features.filter((feature) => {
    const [gx, gy] = cellOf(feature.geometry.coordinates, embedded.level);
    return x0 <= gx && gx <= x1 && y0 <= gy && gy <= y1;
  });
  return { type: "FeatureCollection", features };
}

/* A GET that answers its first call from the page's `views` when one holds the URL, and
 * every other from the network. */
export function embeddedFirst(views, get = getJSON) {
  let first = views;
  return (url, options) => {
    const answer = embeddedAnswer(first, url);
    first = null;
    return answer ? Promise.resolve(answer) : get(url, options);
  };
}
