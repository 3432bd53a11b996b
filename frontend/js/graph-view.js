/* The network of networks drawn in SVG: d3-force (vendored, global `d3`) places the nodes,
 * the layout is computed to rest before anything is drawn (no jiggling, same picture for
 * everyone). Each node is focusable; hover or focus shows its details. Names are SVG text
 * nodes, never markup. */

import { el } from "./dom.js";
import { gettext as _, interpolate } from "./i18n.js";
import { neighbours, nodeRadius } from "./graph-model.js";

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

/* Positions for the nodes of `graph` in a width × height box (mutates copies). The layout
 * cools down in `ticks` steps (d3's default is 300): the drawn part of a big graph (250
 * networks, 1,200 links) rests as readably in 150, and the longest task of the page is this
 * loop. */
export function layout(graph, { width, height, ticks = 150 }) {
  const d3 = globalThis.d3;
  const nodes = graph.nodes.map((n) => ({ ...n, r: nodeRadius(n.members) }));
  const links = [
    ...graph.shared.map(([a, b, weight]) => ({ source: a, target: b, weight, kind: "shared" })),
    ...graph.membership.map(([m, n]) => ({ source: m, target: n, weight: 1, kind: "membership" })),
  ];
  const simulation = d3.forceSimulation(nodes)
    .force("link", d3.forceLink(links).id((d) => d.id).distance(90).strength(0.4))
    .force("charge", d3.forceManyBody().strength(-160))
    .force("collide", d3.forceCollide().radius((d) => d.r + 18))
    .force("x", d3.forceX(width / 2).strength(0.06))
    .force("y", d3.forceY(height / 2).strength(0.09))
    .alphaDecay(1 - Math.pow(0.001, 1 / ticks))
    .stop();
  for (let i = 0; i < ticks; i++) simulation.tick();
  for (const n of nodes) {
    n.x = Math.max(n.r + 4, Math.min(width - n.r - 4, n.x));
    n.y = Math.max(n.r + 16, Math.min(height - n.r - 4, n.y));
  }
  return { nodes, links };
}

function detailsOf(node, near, pageUrl) {
  const list = (items) => el("ul", {}, items.map((item) => el("li", {}, item)));
  return [
    el("h2", {}, el("a", { href: pageUrl(node.slug) }, node.name)),
    el("p", {}, interpolate(_("%s membres"), [node.members])),
    near.shared.length ? [el("h3", {}, _("Membres partagés avec")),
      list(near.shared.map((s) => `${s.node.name} (${s.weight})`))] : el("p", {}, _("Aucun membre partagé avec un autre réseau.")),
    near.memberOf.length ? [el("h3", {}, _("Membre des réseaux")), list(near.memberOf.map((n) => n.name))] : null,
    near.memberNetworks.length ? [el("h3", {}, _("Réseaux membres")), list(near.memberNetworks.map((n) => n.name))] : null,
  ];
}

/* Draws `graph` into `container` (an <svg>), details into `details`. */
export function drawGraph({ container, details, graph, pageUrl, width = 900, height = 640 }) {
  const { nodes, links } = layout(graph, { width, height });
  const near = neighbours(graph);
  // Frame what was drawn (labels included), not the whole box the layout had.
  const pad = 24;
  const x0 = Math.min(...nodes.map((n) => n.x - n.r - 60), width) - pad;
  const x1 = Math.max(...nodes.map((n) => n.x + n.r + 60), 0) + pad;
  const y0 = Math.min(...nodes.map((n) => n.y - n.r - 18), height) - pad;
  const y1 = Math.max(...nodes.map((n) => n.y + n.r), 0) + pad;
  container.setAttribute("viewBox", nodes.length ? `${x0} ${y0} ${x1 - x0} ${y1 - y0}` : `0 0 ${width} ${height}`);
  const arrow = svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 8, markerHeight: 8, orient: "auto-start-reverse" },
    svg("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "graph-arrow" }));
  const edges = links.map((link) => {
    const { source: s, target: t } = link;
    // A membership arrow stops at the edge of the network's circle.
    const dx = t.x - s.x, dy = t.y - s.y, len = Math.hypot(dx, dy) || 1;
    const x2 = link.kind === "membership" ? t.x - (dx / len) * (t.r + 2) : t.x;
    const y2 = link.kind === "membership" ? t.y - (dy / len) * (t.r + 2) : t.y;
    const attrs = { x1: s.x, y1: s.y, x2, y2, class: `graph-edge ${link.kind}`, "stroke-width": Math.min(8, 1 + Math.sqrt(link.weight)) };
    if (link.kind === "membership") attrs["marker-end"] = "url(#arrow)";
    return svg("line", attrs);
  });
  const show = (node, group) => {
    details.replaceChildren(...detailsOf(node, near.get(node.id), pageUrl).flat().filter(Boolean));
    for (const other of container.querySelectorAll(".graph-node.active")) other.classList.remove("active");
    group.classList.add("active");
  };
  const groups = nodes.map((node) => {
    const label = interpolate(_("%(name)s : %(members)s membres"), { name: node.name, members: node.members }, true);
    const group = svg("g", { class: "graph-node", tabindex: 0, role: "button", "aria-label": label, "data-slug": node.slug,
      transform: `translate(${node.x.toFixed(1)},${node.y.toFixed(1)})` },
    svg("circle", { r: node.r.toFixed(1) }),
    svg("text", { y: -(node.r + 4), "text-anchor": "middle" }, node.name));
    group.addEventListener("mouseenter", () => show(node, group));
    group.addEventListener("focus", () => show(node, group));
    group.addEventListener("keydown", (event) => {
      if (event.key === "Enter") window.location.href = pageUrl(node.slug);
    });
    return group;
  });
  container.replaceChildren(svg("defs", {}, arrow), svg("g", { class: "edges" }, ...edges), svg("g", { class: "nodes" }, ...groups));
}
