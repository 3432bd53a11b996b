/* The home page's and /embed/'s first request, sent before anything else of the map has
 * loaded: the clusters of the first view. An async module, so it runs as soon as its few
 * imports are here, while Leaflet, folium's script and the map's modules still load; the
 * map (map-view.js) then takes the answer instead of asking again. It needs only the map
 * container's size, once the stylesheets have laid the page out. Only in the pages that
 * hold no first clusters of their own (frontend/first_view.py, embedded-clusters.js). */

import { firstClusters } from "../api.js";
import { pageConfig } from "../dom.js";
import { firstView, viewBbox } from "../first-view.js";
import { clustersUrl, requestedView, withoutView } from "../url-state.js";

function stylesheetsLoaded() {
  const pending = [...document.querySelectorAll('link[rel="stylesheet"]')].filter((link) => !link.sheet);
  return Promise.all(pending.map((link) => new Promise((resolve) => {
    link.addEventListener("load", resolve, { once: true });
    link.addEventListener("error", resolve, { once: true });
  })));
}

const config = pageConfig("map-config");
const container = document.querySelector(".folium-map");
if (container && config.clustersUrl) {
  await stylesheetsLoaded();
  const size = { width: container.clientWidth, height: container.clientHeight };
  if (size.width && size.height) {
    const view = firstView(requestedView(config.state || {}), config.extent, size);
    firstClusters.start(clustersUrl(config.clustersUrl, withoutView(config.state || {}), {
      zoom: view.zoom,
      bbox: viewBbox(view, size),
      levelOffset: config.clusterLevelOffset,
    }));
  }
}
