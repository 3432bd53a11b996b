/* The France overview's map: a circle per region or department at its chef-lieu, its area
 * proportional to the initiatives (or the networks) there, over the country outlines. SVG
 * built node by node; every name is a text node. Each symbol is a link, reachable by
 * keyboard, with its figures in its accessible name and in the details line. */

import { gettext as _, interpolate } from "./i18n.js";

const SVG = "http://www.w3.org/2000/svg";
// Metropolitan France, [west, south, east, north]; overseas territories go in a strip below.
const BOUNDS = [-5.4, 41.2, 9.9, 51.3];
const COS = Math.cos((46.5 * Math.PI) / 180);
const SCALE = 62; // SVG units per degree of latitude
const WIDTH = (BOUNDS[2] - BOUNDS[0]) * COS * SCALE;
const MAIN_HEIGHT = (BOUNDS[3] - BOUNDS[1]) * SCALE;
const STRIP = 70; // height of the overseas strip
const MAX_RADIUS = { region: 42, departement: 18 };

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

export function project([lon, lat]) {
  return [(lon - BOUNDS[0]) * COS * SCALE, (BOUNDS[3] - lat) * SCALE];
}

export function inMetropole({ lon, lat }) {
  return lon >= BOUNDS[0] && lon <= BOUNDS[2] && lat >= BOUNDS[1] && lat <= BOUNDS[3];
}

/* Radius whose disc's area is proportional to value (the largest gets `max`). */
export function radius(value, largest, max) {
  return largest > 0 && value > 0 ? Math.max(1.5, max * Math.sqrt(value / largest)) : 0;
}

function ringPath(ring) {
  return ring.map((point, i) => `${i ? "L" : "M"}${project(point).map((v) => v.toFixed(1)).join(",")}`).join("") + "Z";
}

function outlines(geojson) {
  const group = svg("g", { class: "outlines", "aria-hidden": "true" });
  for (const feature of geojson.features) {
    const { type, coordinates } = feature.geometry;
    const polygons = type === "Polygon" ? [coordinates] : type === "MultiPolygon" ? coordinates : [];
    const d = polygons.map((rings) => rings.map(ringPath).join("")).join("");
    group.append(svg("path", { d, class: feature.properties.name === "France" ? "france" : "country" }));
  }
  return group;
}

export function describe(row, measure) {
  const initiatives = interpolate(_("%(count)s initiatives"), { count: row.initiative_count }, true);
  const networks = interpolate(_("%(count)s réseaux"), { count: row.network_count }, true);
  const where = interpolate(_("chef-lieu : %(seat)s"), { seat: row.seat.name }, true);
  const figures = measure === "networks" ? `${networks}, ${initiatives}` : `${initiatives}, ${networks}`;
  return `${row.name} — ${figures} (${where})`;
}

/* Draw `rows` (one kind of territory: kind, code, name, initiative_count, network_count,
 * seat {name, lon, lat}, url) into `container`, sized by `measure` ("initiatives" or
 * "networks"); `details` tells the hovered or focused one. */
export function drawSymbols({ container, details, rows, measure, kind, background }) {
  const value = (row) => (measure === "networks" ? row.network_count : row.initiative_count);
  const largest = Math.max(0, ...rows.map(value));
  const overseas = rows.filter((row) => !inMetropole(row.seat));
  const root = svg("svg", {
    viewBox: `0 0 ${WIDTH.toFixed(0)} ${(MAIN_HEIGHT + STRIP).toFixed(0)}`,
    role: "group", class: "territory-symbols",
    "aria-label": measure === "networks"
      ? _("Carte : un cercle par territoire, à son chef-lieu, de surface proportionnelle au nombre de réseaux")
      : _("Carte : un cercle par territoire, à son chef-lieu, de surface proportionnelle au nombre d’initiatives"),
  });
  if (background) root.append(outlines(background));
  root.append(svg("line", { x1: 0, y1: MAIN_HEIGHT, x2: WIDTH, y2: MAIN_HEIGHT, class: "strip-edge", "aria-hidden": "true" }));
  root.append(svg("text", { x: 6, y: MAIN_HEIGHT + 14, class: "strip-title", "aria-hidden": "true" }, _("Outre-mer")));

  const position = (row) => {
    const i = overseas.indexOf(row);
    if (i < 0) return project([row.seat.lon, row.seat.lat]);
    return [WIDTH * ((i + 0.5) / Math.max(overseas.length, 1)), MAIN_HEIGHT + STRIP / 2 + 6];
  };
  const max = MAX_RADIUS[kind];
  const symbols = svg("g", { class: "symbols" });
  // Largest first, so that a small territory's circle stays on top and can be pointed at.
  for (const row of [...rows].sort((a, b) => value(b) - value(a) || a.name.localeCompare(b.name))) {
    const [x, y] = position(row);
    const r = radius(value(row), largest, overseas.includes(row) ? Math.min(max, STRIP / 2 - 8) : max);
    const text = describe(row, measure);
    const link = svg("a", { href: row.url, "aria-label": text, "data-code": row.code, class: "symbol" },
      svg("title", {}, text),
      svg("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: Math.max(r, 3).toFixed(1), class: r ? "filled" : "empty" }));
    if (kind === "region" || overseas.includes(row)) {
      link.append(svg("text", { x: x.toFixed(1), y: (y + Math.max(r, 3) + 11).toFixed(1), class: "label", "aria-hidden": "true" },
        kind === "region" ? row.name : row.code));
    }
    const tell = () => { details.textContent = text; };
    link.addEventListener("mouseenter", tell);
    link.addEventListener("focus", tell);
    symbols.append(link);
  }
  root.append(symbols);
  container.replaceChildren(root);
  return root;
}
