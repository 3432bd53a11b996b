// The map's offline background: country outlines around France from Natural Earth (public
// domain) via the world-atlas npm package, as a small GeoJSON the browser loads only when no
// tile server is configured. Coordinates are rounded to 0.01° (about 1 km): a background,
// not a reference map.
//   node scripts/natural-earth-outline.js NODE_MODULES OUTPUT
const fs = require("fs");
const path = require("path");
const [nodeModules, output] = process.argv.slice(2);
const topojson = require(path.resolve(nodeModules, "topojson-client"));
const topology = require(path.resolve(nodeModules, "world-atlas/countries-50m.json"));

const AROUND_FRANCE = [-12, 34, 22, 58]; // west, south, east, north

function bbox(geometry) {
  let [west, south, east, north] = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c) => {
    if (typeof c[0] !== "number") return c.forEach(walk);
    west = Math.min(west, c[0]); east = Math.max(east, c[0]);
    south = Math.min(south, c[1]); north = Math.max(north, c[1]);
  };
  walk(geometry.coordinates);
  return [west, south, east, north];
}

function near(geometry) {
  const [west, south, east, north] = bbox(geometry);
  if (west < -170 && east > 170) return false; // across the antimeridian (Russia, the USA)
  const [w, s, e, n] = AROUND_FRANCE;
  return west < e && east > w && south < n && north > s;
}

const point = (c) => [Math.round(c[0] * 100) / 100, Math.round(c[1] * 100) / 100];
// A ring, rounded, without the repeated points rounding makes (still closed).
const ring = (r) => r.map(point).filter((p, i, all) =>
  i === 0 || i === all.length - 1 || p[0] !== all[i - 1][0] || p[1] !== all[i - 1][1]);
const rounded = (g) => (g.type === "Polygon" ? g.coordinates.map(ring) : g.coordinates.map((poly) => poly.map(ring)));

const countries = topojson.feature(topology, topology.objects.countries).features
  .filter((f) => f.geometry && near(f.geometry))
  .map((f) => ({ type: "Feature", properties: { name: f.properties.name },
                 geometry: { type: f.geometry.type, coordinates: rounded(f.geometry) } }));
fs.mkdirSync(path.dirname(output), { recursive: true });
fs.writeFileSync(output, JSON.stringify({ type: "FeatureCollection", features: countries }));
console.log(`natural-earth-outline: ${countries.length} countries, ${fs.statSync(output).size} bytes`);
