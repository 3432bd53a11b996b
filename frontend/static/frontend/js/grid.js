/* The world grid the server clusters on (initiatives/selectors.py: clustered_features): cells
 * of `cellPixels` screen pixels at a zoom, centred on multiples of the cell size. Asking for a
 * bbox snapped outward to cell edges means every cell is wholly in or out of the request, so a
 * cluster does not change as the view pans, and neighbouring views ask for the same URL (the
 * HTTP cache and ETags then answer). Pure, unit-tested. */

export function cellSize(zoom, cellPixels) {
  const x = (cellPixels * 360) / (256 * 2 ** zoom);
  return [x, x * 0.7]; // degrees of longitude, of latitude (~cos 46°N: square on screen)
}

const round6 = (v) => Math.round(v * 1e6) / 1e6;

export function snapBbox([west, south, east, north], zoom, cellPixels) {
  const [cx, cy] = cellSize(zoom, cellPixels);
  // Cell k spans [(k − ½)c, (k + ½)c]: edges sit at half-integers of c.
  const down = (v, c) => (Math.floor(v / c - 0.5) + 0.5) * c;
  const up = (v, c) => (Math.ceil(v / c - 0.5) + 0.5) * c;
  return [
    Math.max(-180, round6(down(west, cx))), Math.max(-90, round6(down(south, cy))),
    Math.min(180, round6(up(east, cx))), Math.min(90, round6(up(north, cy))),
  ];
}
