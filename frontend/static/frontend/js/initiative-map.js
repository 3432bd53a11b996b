/* An initiative's page: its own marker and, for a network, its members' markers. */

import { getJSON } from "./api.js";
import { createMarkers } from "./markers.js";

export async function showSources(map, config) {
  const markers = createMarkers({ kinds: config.kinds, lang: document.documentElement.lang });
  const layer = L.featureGroup().addTo(map);
  const bounds = [];
  for (const url of config.sources) {
    let body;
    try {
      body = await getJSON(url);
    } catch {
      continue;
    }
    for (const feature of body.type === "Feature" ? [body] : body.features) {
      if (!feature.geometry) continue;
      layer.addLayer(markers.initiative(feature));
      const [lon, lat] = feature.geometry.coordinates;
      bounds.push([lat, lon]);
    }
  }
  if (bounds.length) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 11 });
  document.body.dataset.loaded = "true";
}
