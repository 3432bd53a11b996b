/* The world grid the server clusters on (initiatives/map_cells.py): at map zoom z, the cells
 * are the Web Mercator tiles of zoom z + `levelOffset` (2: 64-pixel cells). Asking for a bbox
 * snapped outward to cell edges means every cell is wholly in or out of the request, so a
 * cluster does not change as the view pans, and neighbouring views ask for the same URL (the
 * HTTP cache and ETags then answer). Pure, unit-tested. */

const MAX_LAT = 85.0511287798066; // Web Mercator's edge
const round6 = (v) => Math.round(v * 1e6) / 1e6;
const clampLat = (lat) => Math.min(MAX_LAT, Math.max(-MAX_LAT, lat));

/* A position as a fraction of the grid (0 at west / north, n at east / south), and back. */
export const tileX = (lon, n) => ((lon + 180) / 360) * n;
export function tileY(lat, n) {
  const r = (clampLat(lat) * Math.PI) / 180;
  return ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n;
}
const lonOf = (x, n) => (x / n) * 360 - 180;
const latOf = (y, n) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / n))) * 180) / Math.PI;

export function snapBbox([west, south, east, north], zoom, levelOffset) {
  const n = 2 ** (Math.round(zoom) + levelOffset);
  const x0 = Math.max(0, Math.floor(tileX(Math.max(-180, west), n)));
  const x1 = Math.min(n, Math.ceil(tileX(Math.min(180, east), n)));
  const y0 = Math.max(0, Math.floor(tileY(north, n)));
  const y1 = Math.min(n, Math.ceil(tileY(south, n)));
  return [round6(lonOf(x0, n)), round6(latOf(y1, n)), round6(lonOf(x1, n)), round6(latOf(y0, n))];
}

/* The cell (gx, gy) of the server's grid at `level` holding [lon, lat]
 * (initiatives/map_cells.py cell_of: the same arithmetic, clamped to the grid). */
export function cellOf([lon, lat], level) {
  const n = 2 ** level;
  const clamp = (v) => Math.min(Math.max(Math.floor(v), 0), n - 1);
  return [clamp(tileX(lon, n)), clamp(tileY(lat, n))];
}

/* [gx0, gx1, gy0, gy1], inclusive: the cells the server reads for a bbox ([west, south,
 * east, north]) at `level` (map_cells.cell_range: the cells of its corners). */
export function cellRange([west, south, east, north], level) {
  const [gx0, gy0] = cellOf([west, north], level);
  const [gx1, gy1] = cellOf([east, south], level);
  return [gx0, gx1, gy0, gy1];
}
