/* Entry point of the home page and /embed/: the explorable map. */

import { pageConfig } from "../dom.js";
import { foliumMap } from "../folium-map.js";
import { startMapView } from "../map-view.js";
import { drawOfflineBackground } from "../offline-background.js";
import { setupPanelToggle } from "../panel.js";

const config = pageConfig("map-config");
const map = foliumMap();
drawOfflineBackground(map, config.background);
startMapView(map, config);
setupPanelToggle({ toggle: document.querySelector(".panel-toggle"), panel: document.getElementById("panel"), map });
