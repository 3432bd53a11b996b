/* With no tile server, the countries around France (Natural Earth) drawn beneath everything,
 * from our origin, so that the map still reads as a map. `background` is {url, attribution}
 * from the server (frontend/maps.py: offline_background), or null when tiles are set. */

export async function drawOfflineBackground(map, background) {
  if (!background) return;
  map.createPane("offline-background").style.zIndex = 150; // below tiles and markers
  map.attributionControl.addAttribution(background.attribution);
  const response = await fetch(background.url);
  if (!response.ok) return;
  L.geoJSON(await response.json(), {
    pane: "offline-background",
    // One canvas rather than an SVG path per country: far less layout and paint work.
    renderer: L.canvas({ pane: "offline-background" }),
    interactive: false,
    smoothFactor: 2,
    style: { color: "#a7b0ba", weight: 1, fillColor: "#fbfaf6", fillOpacity: 1 },
  }).addTo(map);
}
