/* Entry point of the contribution form (adding, or proposing a correction). */

import { setupChoiceFilter } from "../choice-filter.js";
import { startContributionForm } from "../contribution-form.js";
import { pageConfig } from "../dom.js";
import { foliumMap } from "../folium-map.js";
import { setupSteps } from "../form-steps.js";
import { drawOfflineBackground } from "../offline-background.js";
import { review } from "../review.js";

const config = pageConfig("contribute-config");
const map = foliumMap();
const form = document.querySelector(".contribution-form");
drawOfflineBackground(map, config.background);
startContributionForm(map, config);
setupChoiceFilter({
  box: document.querySelector(".network-filter"),
  input: document.getElementById("network-filter"),
  list: document.getElementById("network-choices"),
  chosen: document.getElementById("network-chosen"),
});
setupSteps(form, {
  // Leaflet measures its container: it was hidden while another step showed.
  onShow: (step) => { if (step.contains(map.getContainer())) map.invalidateSize(); },
  review: () => review(form, document.getElementById("review")),
});
