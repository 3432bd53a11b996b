/* Entry point of the moderators' import page: progress while an import runs, and the
 * report's first rows on a small map. */

import { pageConfig } from "../dom.js";
import { foliumMap } from "../folium-map.js";
import { showReportRows } from "../import-map.js";
import { watchImportForms } from "../import-progress.js";
import { drawOfflineBackground } from "../offline-background.js";

watchImportForms();
if (document.getElementById("map-config")) {
  const config = pageConfig("map-config");
  const map = foliumMap();
  drawOfflineBackground(map, config.background);
  showReportRows(map, config.rows);
}
