/* Entry point of /reseaux/: the network of networks, drawn and filtered; the table below
 * (server-rendered, the same data) follows the same filters. */

import { getJSON } from "../api.js";
import { pageConfig } from "../dom.js";
import { capGraph, figures, filterGraph } from "../graph-model.js";
import { drawGraph } from "../graph-view.js";
import { gettext as _, interpolate } from "../i18n.js";

const config = pageConfig("graph-config");
const container = document.getElementById("network-graph");
const details = document.getElementById("graph-details");
const status = document.getElementById("graph-status");
const form = document.getElementById("graph-filters");
const pageUrl = (slug) => `${config.pagePrefix}${encodeURIComponent(slug)}/`;

function filterTable(filter) {
  for (const row of document.querySelectorAll(".graph-table tbody tr")) {
    const themes = row.dataset.themes.split(" ");
    row.hidden = (filter.theme && !themes.includes(filter.theme)) || (filter.region && row.dataset.region !== filter.region);
  }
}

async function start() {
  let graph;
  try {
    graph = await getJSON(config.graphUrl);
  } catch {
    status.textContent = _("Le graphe n’a pas pu être chargé ; le tableau ci-dessous a les mêmes données.");
    return;
  }
  const wide = container.getBoundingClientRect().width || 900;
  const render = () => {
    const filter = { theme: form.elements.theme.value, region: form.elements.region.value };
    const shown = filterGraph(graph, filter);
    const { graph: drawn, hidden } = capGraph(shown);
    drawGraph({ container, details, graph: drawn, pageUrl, width: Math.max(360, Math.round(wide)), height: wide < 600 ? 520 : 640 });
    const f = figures(shown);
    status.textContent = f.networks
      ? interpolate(_("%(networks)s réseaux, %(crossings)s paires qui partagent des membres, %(memberships)s adhésions entre réseaux."),
        { networks: f.networks, crossings: f.crossings, memberships: f.networkMemberships }, true)
      : _("Aucun réseau pour ces filtres.");
    if (hidden.nodes || hidden.edges) {
      status.textContent += " " + interpolate(
        _("Pour rester lisible, le graphe montre les %(drawn)s réseaux qui ont le plus de membres et leurs %(links)s liens les plus forts ; choisissez un thème ou une région pour voir les autres. Le tableau les liste tous."),
        { drawn: drawn.nodes.length, links: drawn.shared.length + drawn.membership.length }, true);
    }
    filterTable(filter);
    document.body.dataset.loaded = "true";
  };
  form.addEventListener("change", render);
  form.addEventListener("submit", (event) => event.preventDefault());
  render();
}

start();
