/* The map's first view and its bbox, computed without Leaflet, so that the first view's
 * clusters can be asked for while Leaflet and the page's modules still load
 * (pages/map-early.js); map-view.js then sets that same view. Web Mercator done as Leaflet
 * 1.9 does it (same formulas, same order of operations), so the bbox is the one
 * map.getBounds() gives. Pure, unit-tested. */

export const METROPOLITAN_FRANCE = [[42.3, -5.2], [51.1, 8.3]];

const R = 6378137; // L.Projection.SphericalMercator
const MAX_LATITUDE = 85.0511287798;
const A = 0.5 / (Math.PI * R); // L.CRS.EPSG3857's transformation
const scaleOf = (zoom) => 256 * Math.pow(2, zoom);

/* [west, south, east, north] → Leaflet's [[south, west], [north, east]]. */
export function extentBounds(extent) {
  if (!extent) return null;
  const [w, s, e, n] = extent;
  return [[s, w], [n, e]];
}

/* [lat, lon] → pixel {x, y} at `zoom` (L.CRS.latLngToPoint). */
export function project([lat, lon], zoom) {
  const d = Math.PI / 180;
  const sin = Math.sin(Math.max(Math.min(MAX_LATITUDE, lat), -MAX_LATITUDE) * d);
  const scale = scaleOf(zoom);
  return { x: scale * (A * (R * lon * d) + 0.5), y: scale * (-A * ((R * Math.log((1 + sin) / (1 - sin))) / 2) + 0.5) };
}

/* Pixel {x, y} at `zoom` → [lat, lon] (L.CRS.pointToLatLng). */
export function unproject({ x, y }, zoom) {
  const d = 180 / Math.PI;
  const scale = scaleOf(zoom);
  const px = (x / scale - 0.5) / A;
  const py = (y / scale - 0.5) / -A;
  return [(2 * Math.atan(Math.exp(py / R)) - Math.PI / 2) * d, (px * d) / R];
}

/* The view map.fitBounds(bounds, {padding, maxZoom}) sets on a map of `size` pixels
 * (Leaflet's getBoundsZoom with zoomSnap 1, then the bounds' centre). */
export function fitBoundsView([[s, w], [n, e]], size, { padding = 0, maxZoom = Infinity } = {}) {
  const nw = project([n, w], 0);
  const se = project([s, e], 0);
  const scale = Math.min((size.width - 2 * padding) / Math.abs(se.x - nw.x), (size.height - 2 * padding) / Math.abs(se.y - nw.y));
  let zoom = Math.log(scale) / Math.LN2;
  zoom = Math.floor(Math.round(zoom / 0.01) * 0.01); // within 1% of a level counts as that level
  zoom = Math.min(maxZoom, Math.max(0, zoom));
  const sw = project([s, w], zoom);
  const ne = project([n, e], zoom);
  const [lat, lon] = unproject({ x: (sw.x + ne.x) / 2, y: (sw.y + ne.y) / 2 }, zoom);
  return { lat, lon, zoom };
}

/* The first view: the one the URL names, or the data's extent (metropolitan France when
 * nothing is placed) fitted to the map's size. */
export function firstView(requested, extent, size) {
  if (requested) return requested;
  return fitBoundsView(extentBounds(extent) || METROPOLITAN_FRANCE, size, { padding: 8, maxZoom: 12 });
}

/* [west, south, east, north] of a map of `size` pixels showing `view` (map.getBounds() right
 * after map.setView(…, {reset: true})): the top-left pixel is rounded, as Leaflet does. */
export function viewBbox({ lat, lon, zoom }, size) {
  const centre = project([lat, lon], zoom);
  const left = Math.round(centre.x - size.width / 2);
  const top = Math.round(centre.y - size.height / 2);
  const [south, west] = unproject({ x: left, y: top + size.height }, zoom);
  const [north, east] = unproject({ x: left + size.width, y: top }, zoom);
  return [west, south, east, north];
}
