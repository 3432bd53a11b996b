/* With no tile server, the countries around France (Natural Earth) drawn beneath everything,
 * from our origin, so that the map still reads as a map. `background` is {url, attribution}
 * from the server (frontend/maps.py: offline_background), or null when tiles are set.
 *
 * It is the page's least urgent work: drawn once `ready` resolves (the first markers, or the
 * page's load), and turned into map layers a few countries at a time, so that its ~10,000
 * points never hold the main thread for long (Lighthouse counted it in the blocking time). */

import { inSlices } from "./dom.js";

export const afterLoad = () => new Promise((resolve) => {
  if (document.readyState === "complete") resolve();
  else window.addEventListener("load", () => resolve(), { once: true });
});

export async function drawOfflineBackground(map, background, { ready = afterLoad() } = {}) {
  if (!background) return;
  map.attributionControl.addAttribution(background.attribution); // now: no shift later
  await ready;
  map.createPane("offline-background").style.zIndex = 150; // below tiles and markers
  const response = await fetch(background.url);
  if (!response.ok) return;
  const { features } = await response.json();
  const layer = L.geoJSON(null, {
    pane: "offline-background",
    // One canvas rather than an SVG path per country: far less layout and paint work.
    renderer: L.canvas({ pane: "offline-background" }),
    interactive: false,
    smoothFactor: 2,
    style: { color: "#a7b0ba", weight: 1, fillColor: "#fbfaf6", fillOpacity: 1 },
  }).addTo(map);
  await inSlices(features, (feature) => layer.addData(feature));
}
