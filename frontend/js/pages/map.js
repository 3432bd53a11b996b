/* Entry point of the home page and /embed/: the explorable map. */

import { pageConfig } from "../dom.js";
import { foliumMap } from "../folium-map.js";
import { startMapView } from "../map-view.js";
import { createMarkers } from "../markers.js";
import { setupNetworkCombobox } from "../network-combobox.js";
import { createNetworkFootprint } from "../network-footprint.js";
import { afterLoad, drawOfflineBackground } from "../offline-background.js";
import { setupPanelToggle } from "../panel.js";
import { createTerritoryFit } from "../territory-fit.js";
import { requestedView } from "../url-state.js";

const config = pageConfig("map-config");
const map = foliumMap();
// The panel first: folding it on a phone resizes the map, which must happen before the first
// view is chosen and loaded (or it would be loaded twice).
setupPanelToggle({ toggle: document.querySelector(".panel-toggle"), panel: document.getElementById("panel"), map });
const { state } = startMapView(map, config);
// The background after the first markers are painted (the task after their frame), or 3 s
// after the page's load if they never come.
const firstMarkers = new Promise((resolve) => document.addEventListener("map:loaded",
  () => requestAnimationFrame(() => setTimeout(resolve)), { once: true }));
const giveUp = afterLoad().then(() => new Promise((resolve) => setTimeout(resolve, 3000)));
drawOfflineBackground(map, config.background, { ready: Promise.race([firstMarkers, giveUp]) });

// A chosen network: its footprint fitted in view, its seat marked, a sentence saying what is
// drawn. A shared link that names a view keeps that view.
const markers = createMarkers({ kinds: config.kinds, embed: config.embed, lang: document.documentElement.lang });
const showFootprint = createNetworkFootprint({
  map,
  status: document.getElementById("network-footprint"),
  networksUrl: config.networksUrl,
  initiativesUrl: config.initiativesUrl,
  markers,
  pageLink: markers.pageLink,
});
showFootprint(state, { fit: !requestedView(config.state || {}) });
const form = document.getElementById("filters");
const fitTerritory = createTerritoryFit({ map, territoriesUrl: config.territoriesUrl });
if (form) {
  setupNetworkCombobox({ select: form.elements.network, label: form.querySelector('label[for="network-select"]'),
    networksUrl: config.networksUrl });
  // Registered after the map view's own listener, so `state` already holds the new filters.
  form.addEventListener("change", (event) => {
    showFootprint(state);
    if (event.target === form.elements.territory) fitTerritory(state);
  });
  form.addEventListener("reset", () => setTimeout(() => showFootprint(state)));
}
