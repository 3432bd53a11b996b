import assert from "node:assert/strict";
import { test } from "node:test";

import { capGraph, figures, filterGraph, neighbours, nodeRadius } from "../../frontend/static/frontend/js/graph-model.js";

const graph = {
  nodes: [
    { id: 1, name: "Coop Group", members: 10, region: "", themes: ["cooperation"] },
    { id: 2, name: "Anim-fr", members: 4, region: "53", themes: ["cooperation", "communs"] },
    { id: 3, name: "Cyou", members: 2, region: "53", themes: ["communs"] },
  ],
  shared: [[1, 2, 3], [2, 3, 1], [1, 3, 5]],
  membership: [[2, 1]],
};

test("a theme filter keeps its networks and only the edges between them", () => {
  const kept = filterGraph(graph, { theme: "communs" });
  assert.deepEqual(kept.nodes.map((n) => n.id), [2, 3]);
  assert.deepEqual(kept.shared, [[2, 3, 1]]);
  assert.deepEqual(kept.membership, []);
});

test("a territory filter and a theme filter combine", () => {
  assert.deepEqual(filterGraph(graph, { theme: "cooperation", region: "53" }).nodes.map((n) => n.name), ["Anim-fr"]);
  assert.equal(filterGraph(graph).nodes.length, 3);
});

test("each node knows its crossings, most shared first, and its memberships both ways", () => {
  const n = neighbours(graph);
  assert.deepEqual(n.get(1).shared.map((s) => [s.node.name, s.weight]), [["Cyou", 5], ["Anim-fr", 3]]);
  assert.deepEqual(n.get(2).memberOf.map((x) => x.name), ["Coop Group"]);
  assert.deepEqual(n.get(1).memberNetworks.map((x) => x.name), ["Anim-fr"]);
  assert.deepEqual(n.get(3).memberOf, []);
});

test("bigger networks are bigger nodes, within bounds", () => {
  assert.ok(nodeRadius(0) < nodeRadius(4) && nodeRadius(4) < nodeRadius(100));
  assert.equal(nodeRadius(1e6), 40);
  assert.equal(nodeRadius(0), 5);
});

test("the figures count what is shown", () => {
  assert.deepEqual(figures(graph), { networks: 3, crossings: 3, networkMemberships: 1 });
});

test("a big graph is drawn as its biggest networks and their strongest links, and says what it left out", () => {
  const many = {
    nodes: Array.from({ length: 6 }, (_, i) => ({ id: i + 1, name: `Réseau ${i + 1}`, members: (i + 1) * 10, region: "", themes: [] })),
    shared: [[5, 6, 9], [4, 6, 7], [4, 5, 2], [1, 6, 1]],
    membership: [[5, 6], [1, 2]],
  };
  const { graph: drawn, hidden } = capGraph(many, { maxNodes: 3, maxEdges: 3 });
  assert.deepEqual(drawn.nodes.map((n) => n.id), [4, 5, 6]);
  assert.deepEqual(drawn.membership, [[5, 6]]);
  assert.deepEqual(drawn.shared, [[5, 6, 9], [4, 6, 7]]);
  assert.deepEqual(hidden, { nodes: 3, edges: 3 });
  assert.deepEqual(capGraph(graph), { graph, hidden: { nodes: 0, edges: 0 } });
});
