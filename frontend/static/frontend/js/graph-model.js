/* The network of networks as data: the graph API's compact answer (nodes; `shared` as
 * [a, b, weight]; `membership` as [member, network]) turned into what the page draws and
 * says — filtered by theme and territory, with each node's neighbours. Pure. */

/* The nodes a filter keeps ({theme, region}: empty means any), and the edges between them. */
export function filterGraph(graph, { theme = "", region = "" } = {}) {
  const nodes = graph.nodes.filter((n) => (!theme || n.themes.includes(theme)) && (!region || n.region === region));
  const kept = new Set(nodes.map((n) => n.id));
  return {
    nodes,
    shared: graph.shared.filter(([a, b]) => kept.has(a) && kept.has(b)),
    membership: graph.membership.filter(([m, n]) => kept.has(m) && kept.has(n)),
  };
}

/* For each node id: the networks it shares members with (most first), those it belongs to
 * and its member networks. */
export function neighbours(graph) {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const result = new Map(graph.nodes.map((n) => [n.id, { shared: [], memberOf: [], memberNetworks: [] }]));
  for (const [a, b, weight] of graph.shared) {
    if (!result.has(a) || !result.has(b)) continue;
    result.get(a).shared.push({ node: byId.get(b), weight });
    result.get(b).shared.push({ node: byId.get(a), weight });
  }
  for (const [member, network] of graph.membership) {
    if (!result.has(member) || !result.has(network)) continue;
    result.get(member).memberOf.push(byId.get(network));
    result.get(network).memberNetworks.push(byId.get(member));
  }
  for (const entry of result.values()) entry.shared.sort((x, y) => y.weight - x.weight || x.node.name.localeCompare(y.node.name, "fr"));
  return result;
}

/* A node's radius in pixels: its area grows with its members, within readable bounds. */
export function nodeRadius(members) {
  return Math.min(40, 5 + 2.5 * Math.sqrt(members));
}

/* The page's overall figures for what is shown. */
export function figures(graph) {
  return {
    networks: graph.nodes.length,
    crossings: graph.shared.length,
    networkMemberships: graph.membership.length,
  };
}
