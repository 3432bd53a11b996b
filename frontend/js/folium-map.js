/* The Leaflet map that folium's script created. folium declares it as a global named after
 * its container's id (`var map_… = L.map("map_…", …)` in a classic script, which runs before
 * modules); this is the one place that reads it. It is also left on the container as
 * `leafletMap`, where tests and the browser's console find it. */

export function foliumMap(root = document) {
  const container = root.querySelector(".folium-map");
  const map = container && window[container.id];
  if (!map || typeof map.getContainer !== "function" || map.getContainer() !== container) {
    throw new Error("folium's map is missing from the page");
  }
  container.leafletMap = map;
  return map;
}
