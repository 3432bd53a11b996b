/* The network of networks as data: the graph API's compact answer (nodes; `shared` as
 * [a, b, weight]; `membership` as [member, network]; `total`: what the filters keep, of
 * which the API sent the biggest part) turned into what the page draws and says, with each
 * node's neighbours. Pure. */

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

/* The page's overall figures: what the filters keep (`total`, when the API sent a part of
 * it) and how much of it is not drawn. */
export function figures(graph) {
  const total = graph.total ?? { nodes: graph.nodes.length, shared: graph.shared.length, membership: graph.membership.length };
  return {
    networks: total.nodes,
    crossings: total.shared,
    networkMemberships: total.membership,
    hiddenNodes: total.nodes - graph.nodes.length,
    hiddenEdges: total.shared + total.membership - graph.shared.length - graph.membership.length,
  };
}
