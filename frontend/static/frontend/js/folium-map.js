/* The Leaflet map that folium's script created. folium names it with a random global; its
 * script hands the object to the map's container instead (frontend/maps.py: HandOver), and
 * this is the one place that reads it. */

export function foliumMap(root = document) {
  const container = root.querySelector(".folium-map");
  if (!container || !container.leafletMap) throw new Error("folium's map is missing from the page");
  return container.leafletMap;
}
