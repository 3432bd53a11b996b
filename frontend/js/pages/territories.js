/* Entry point of /territoires/: the proportional symbols over France; the tables below
 * (server-rendered, the same figures) stay the reference for screen readers and copy-paste. */

import { getJSON } from "../api.js";
import { pageConfig } from "../dom.js";
import { drawSymbols } from "../territory-symbols.js";

const config = pageConfig("territories-config");
const container = document.getElementById("territory-map");
const details = document.getElementById("territory-map-details");
const form = document.getElementById("territory-map-choice");

async function start() {
  let background = null;
  try {
    background = await getJSON(config.backgroundUrl);
  } catch {
    // The circles still stand without the country outlines.
  }
  const render = () => {
    const kind = form.elements.kind.value;
    drawSymbols({
      container, details, kind, background,
      measure: form.elements.measure.value,
      rows: config.territories.filter((row) => row.kind === kind),
    });
    document.body.dataset.loaded = "true";
  };
  form.addEventListener("change", render);
  form.addEventListener("submit", (event) => event.preventDefault());
  render();
}

start();
