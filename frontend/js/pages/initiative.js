/* Entry point of an initiative's page. */

import { pageConfig } from "../dom.js";
import { foliumMap } from "../folium-map.js";
import { showSources } from "../initiative-map.js";
import { drawOfflineBackground } from "../offline-background.js";

const config = pageConfig("map-config");
const map = foliumMap();
drawOfflineBackground(map, config.background);
showSources(map, config);
