import assert from "node:assert/strict";
import { test } from "node:test";

import { figures, neighbours, nodeRadius } from "../../frontend/js/graph-model.js";

const graph = {
  nodes: [
    { id: 1, name: "Coop Group", members: 10, region: "", themes: ["cooperation"] },
    { id: 2, name: "Anim-fr", members: 4, region: "53", themes: ["cooperation", "communs"] },
    { id: 3, name: "Cyou", members: 2, region: "53", themes: ["communs"] },
  ],
  shared: [[1, 2, 3], [2, 3, 1], [1, 3, 5]],
  membership: [[2, 1]],
};

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

test("the figures count what is shown when the whole graph came", () => {
  assert.deepEqual(figures(graph), { networks: 3, crossings: 3, networkMemberships: 1, hiddenNodes: 0, hiddenEdges: 0 });
});

test("the figures say what the filters keep and how much of it is not drawn", () => {
  const part = { ...graph, total: { nodes: 40, shared: 100, membership: 5 } };
  assert.deepEqual(figures(part), { networks: 40, crossings: 100, networkMemberships: 5, hiddenNodes: 37, hiddenEdges: 101 });
});
