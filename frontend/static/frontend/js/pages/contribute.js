/* Entry point of the contribution form (adding, or proposing a correction). */

import { startContributionForm } from "../contribution-form.js";
import { pageConfig } from "../dom.js";
import { foliumMap } from "../folium-map.js";
import { drawOfflineBackground } from "../offline-background.js";

const config = pageConfig("contribute-config");
const map = foliumMap();
drawOfflineBackground(map, config.background);
startContributionForm(map, config);
