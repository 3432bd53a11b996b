/* Entry point of /reseaux/: the network of networks, drawn. The server picks what is drawn
 * (the graph API's default: the biggest networks and their strongest links, for the filters
 * of the page's GET form) and renders the table; choosing a filter reloads the page with it. */

import { getJSON } from "../api.js";
import { pageConfig } from "../dom.js";
import { figures } from "../graph-model.js";
import { drawGraph } from "../graph-view.js";
import { gettext as _, interpolate } from "../i18n.js";

const config = pageConfig("graph-config");
const container = document.getElementById("network-graph");
const details = document.getElementById("graph-details");
const status = document.getElementById("graph-status");
const form = document.getElementById("graph-filters");
const pageUrl = (slug) => `${config.pagePrefix}${encodeURIComponent(slug)}/`;

async function start() {
  form.addEventListener("change", () => form.requestSubmit());
  let graph;
  try {
    graph = await getJSON(config.graphUrl);
  } catch {
    status.textContent = _("Le graphe n’a pas pu être chargé ; le tableau ci-dessous a les mêmes données.");
    return;
  }
  const wide = container.getBoundingClientRect().width || 900;
  drawGraph({ container, details, graph, pageUrl, width: Math.max(360, Math.round(wide)), height: wide < 600 ? 520 : 640 });
  const f = figures(graph);
  status.textContent = f.networks
    ? interpolate(_("%(networks)s réseaux, %(crossings)s paires qui partagent des membres, %(memberships)s adhésions entre réseaux."),
      { networks: f.networks, crossings: f.crossings, memberships: f.networkMemberships }, true)
    : _("Aucun réseau pour ces filtres.");
  if (f.hiddenNodes || f.hiddenEdges) {
    status.textContent += " " + interpolate(
      _("Pour rester lisible, le graphe montre les %(drawn)s réseaux qui ont le plus de membres et leurs %(links)s liens les plus forts ; choisissez un thème ou une région pour voir les autres. Le tableau les liste tous, par pages."),
      { drawn: graph.nodes.length, links: graph.shared.length + graph.membership.length }, true);
  }
  document.body.dataset.loaded = "true";
}

start();
