/* The map's state — its filters and its view — as URL parameters, both ways. Pure: no DOM,
 * no Leaflet, unit-tested with node --test. */

import { snapBbox } from "./grid.js";

export const FILTERS = ["theme", "network", "transitive", "kind", "department", "region", "q"];

/* The filters of `state` as query parameters, in a stable order (so equal states give equal
 * URLs, and equal URLs share the HTTP cache and ETags). Empty values are left out. */
export function filterParams(state) {
  const params = new URLSearchParams();
  for (const name of FILTERS) {
    const value = state[name];
    if (value === undefined || value === null || value === "" || value === false) continue;
    if (Array.isArray(value)) value.forEach((v) => params.append(name, v));
    else params.append(name, String(value));
  }
  return params;
}

/* The clusters API's URL for the filters of `state` at `zoom` over `bbox` ([west, south,
 * east, north], snapped outward to the server's grid: grid.js). map-view.js and the first
 * view's early request (pages/map-early.js) both build it here, so that they agree. */
export function clustersUrl(base, state, { zoom, bbox, levelOffset }) {
  const params = filterParams(state);
  params.set("zoom", String(zoom));
  params.set("bbox", snapBbox(bbox, zoom, levelOffset).join(","));
  return `${base}?${params}`;
}

/* The initiatives API's URL for the filters of `state` at one point ([lon, lat]): the
 * members of a cluster that share it, which zooming cannot part (the first 100). */
export function samePlaceUrl(base, state, [lon, lat]) {
  const d = 0.00001;
  const params = filterParams(state);
  params.set("bbox", [lon - d, lat - d, lon + d, lat + d].map((v) => v.toFixed(6)).join(","));
  params.set("page_size", "100");
  return `${base}?${params}`;
}

/* The page's own URL parameters: the filters plus the view. */
export function pageParams(state, view) {
  const params = filterParams(state);
  params.set("lat", view.lat.toFixed(4));
  params.set("lon", view.lon.toFixed(4));
  params.set("z", String(view.zoom));
  return params;
}

/* The view the state asks for, if complete; the server validated the numbers. */
export function requestedView(state) {
  const { lat, lon, z } = state;
  if ([lat, lon, z].every((v) => typeof v === "number" && Number.isFinite(v))) return { lat, lon, zoom: z };
  return null;
}

/* The filters without the view, for the state the page keeps while it runs. */
export function withoutView(state) {
  const { lat, lon, z, ...filters } = state;
  return filters;
}

/* What the territory select shows for a state: its option values. */
export function territoryValues(state) {
  return [
    ...(state.region || []).map((code) => `region:${code}`),
    ...(state.department || []).map((code) => `department:${code}`),
  ];
}

/* A territory option's value back to the state's region / department lists. */
export function territoryState(value) {
  return {
    region: value.startsWith("region:") ? [value.slice(7)] : [],
    department: value.startsWith("department:") ? [value.slice(11)] : [],
  };
}
