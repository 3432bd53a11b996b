/* An initiative's page: its own marker and, for a network, its members at any depth as the
 * clusters API groups them for the view, redrawn as the view moves (a 5,000-member network
 * is a few dozen markers, not 5,000 Features). */

import { getJSON, isAbort, latestOnly } from "./api.js";
import { ClustersLayer } from "./clusters-layer.js";
import { debounce } from "./dom.js";
import { extentBounds } from "./first-view.js";
import { clusterSize, createMarkers } from "./markers.js";
import { clustersUrl, samePlaceUrl } from "./url-state.js";

function showMembers(map, members, markers) {
  const zoomTo = (bounds) => map.fitBounds(bounds, { padding: [30, 30], maxZoom: map.getZoom() + 3 });
  const listSamePlace = async (feature) =>
    (await getJSON(samePlaceUrl(members.initiativesUrl, members.filters, feature.geometry.coordinates))).features;
  const layer = new ClustersLayer(map, (feature) => (feature.properties.cluster
    ? markers.cluster(feature, { onZoom: zoomTo, listSamePlace })
    : markers.initiative(feature)), { sizeOf: clusterSize });
  const get = latestOnly();

  async function load() {
    const b = map.getBounds();
    const url = clustersUrl(members.clustersUrl, members.filters, {
      zoom: map.getZoom(),
      bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()],
      levelOffset: members.levelOffset,
    });
    try {
      await layer.draw((await get(url)).features);
    } catch (error) {
      if (!isAbort(error)) console.warn(error); // the page's lists still name every member
    }
  }

  map.on("moveend", debounce(load, 150));
  return load();
}

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
  if (config.members?.bbox) bounds.push(...extentBounds(config.members.bbox));
  // Not animated: the members' first request reads the view right after.
  if (bounds.length) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 11, animate: false });
  if (config.members) await showMembers(map, config.members, markers);
  document.body.dataset.loaded = "true";
}
