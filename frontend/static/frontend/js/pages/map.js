/* Entry point of the home page and /embed/: the explorable map. */

import { pageConfig } from "../dom.js";
import { foliumMap } from "../folium-map.js";
import { startMapView } from "../map-view.js";
import { drawOfflineBackground } from "../offline-background.js";
import { setupPanelToggle } from "../panel.js";

const config = pageConfig("map-config");
const map = foliumMap();
// The panel first: folding it on a phone resizes the map, which must happen before the first
// view is chosen and loaded (or it would be loaded twice).
setupPanelToggle({ toggle: document.querySelector(".panel-toggle"), panel: document.getElementById("panel"), map });
startMapView(map, config);
drawOfflineBackground(map, config.background);
