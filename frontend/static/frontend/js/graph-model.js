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

/* What the page draws of a big graph: a force layout of ~2,000 nodes and ~40,000 edges takes
 * seconds and gives a hairball nobody can read or tab through. Above `maxNodes`, the networks
 * with most members (ties by name) are drawn, with the edges among them — memberships all,
 * shared members the heaviest first (the API sends them heaviest first) up to `maxEdges`.
 * `hidden` says how many of each were left out, for the page to say so; the table keeps all. */
export function capGraph(graph, { maxNodes = 250, maxEdges = 1200 } = {}) {
  const edges = graph.shared.length + graph.membership.length;
  if (graph.nodes.length <= maxNodes && edges <= maxEdges) return { graph, hidden: { nodes: 0, edges: 0 } };
  const biggest = [...graph.nodes]
    .sort((a, b) => b.members - a.members || a.name.localeCompare(b.name, "fr"))
    .slice(0, maxNodes);
  const kept = new Set(biggest.map((n) => n.id));
  const membership = graph.membership.filter(([m, n]) => kept.has(m) && kept.has(n));
  const shared = graph.shared.filter(([a, b]) => kept.has(a) && kept.has(b)).slice(0, Math.max(0, maxEdges - membership.length));
  const nodes = graph.nodes.filter((n) => kept.has(n.id));
  return {
    graph: { nodes, shared, membership },
    hidden: { nodes: graph.nodes.length - nodes.length, edges: edges - shared.length - membership.length },
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
