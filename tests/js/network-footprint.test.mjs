import assert from "node:assert/strict";
import { test } from "node:test";

import { chosenNetwork, footprint } from "../../frontend/js/network-footprint.js";

const coopGroup = {
  name: "Coop Group", direct_count: 3, placed: 2, bbox: [-4.5, 48.1, -3.8, 48.6],
  transitive_count: 5, transitive_placed: 0, transitive_bbox: null,
};

test("a network with placed members is fitted to their box, south-west first", () => {
  const { bounds, message } = footprint(coopGroup);
  assert.deepEqual(bounds, [[48.1, -4.5], [48.6, -3.8]]);
  assert.equal(message, "2 des 3 membres de « Coop Group » sont sur la carte ; les autres n’ont pas de position.");
});

test("all members placed: the sentence says they are all drawn", () => {
  const { message } = footprint({ ...coopGroup, placed: 3 });
  assert.equal(message, "Les 3 membres de « Coop Group » sont sur la carte.");
});

test("members without a position are said in words, with nothing to fit", () => {
  const { bounds, message } = footprint({ ...coopGroup, placed: 0, bbox: null });
  assert.equal(bounds, null);
  assert.match(message, /^Aucun des 3 membres de « Coop Group » n’a de position/);
});

test("a single member is not counted in the plural", () => {
  assert.match(footprint({ ...coopGroup, direct_count: 1, placed: 0, bbox: null }).message,
    /^Le seul membre de « Coop Group » n’a pas de position/);
  assert.equal(footprint({ ...coopGroup, direct_count: 1, placed: 1 }).message, "Le seul membre de « Coop Group » est sur la carte.");
});

test("the transitive footprint reads the transitive figures", () => {
  const { bounds, message } = footprint(coopGroup, { transitive: true });
  assert.equal(bounds, null);
  assert.match(message, /^Aucun des 5 membres/);
});

test("a network without members says so", () => {
  const { bounds, message } = footprint({ ...coopGroup, direct_count: 0, placed: 0, bbox: null });
  assert.equal(bounds, null);
  assert.equal(message, "« Coop Group » n’a pas encore de membre listé sur la carte.");
});

test("only one chosen network has a footprint", () => {
  assert.equal(chosenNetwork({ network: ["cyou"] }), "cyou");
  assert.equal(chosenNetwork({ network: ["cyou", "anim-fr"] }), null);
  assert.equal(chosenNetwork({}), null);
});
