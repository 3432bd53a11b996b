/* A chosen network's footprint on the map: when the filter names one network, its indicators
 * (/api/v1/networks/{slug}/) give the box around its placed members, so the map fits them —
 * even a seatless network, which has no marker of its own — its seat is marked when it has
 * one, and a sentence says what is drawn: never an empty map without a word. */

import { getJSON } from "./api.js";
import { gettext as _, interpolate } from "./i18n.js";

/* What the map shows for a network's indicators: `bounds` to fit ([[south, west], [north,
 * east]], or null when no member has a position) and `message`, the sentence. Pure. */
export function footprint(network, { transitive = false } = {}) {
  const count = transitive ? network.transitive_count : network.direct_count;
  const placed = transitive ? network.transitive_placed : network.placed;
  const bbox = transitive ? network.transitive_bbox : network.bbox;
  const name = network.name;
  let message;
  if (count === 0) {
    message = interpolate(_("« %(name)s » n’a pas encore de membre listé sur la carte."), { name }, true);
  } else if (!placed && count === 1) {
    message = interpolate(_("Le seul membre de « %(name)s » n’a pas de position : il est listé sur la page du réseau."), { name }, true);
  } else if (!placed) {
    message = interpolate(
      _("Aucun des %(count)s membres de « %(name)s » n’a de position : ils sont listés sur la page du réseau."),
      { count, name }, true);
  } else if (placed < count) {
    message = interpolate(_("%(placed)s des %(count)s membres de « %(name)s » sont sur la carte ; les autres n’ont pas de position."),
      { placed, count, name }, true);
  } else if (count === 1) {
    message = interpolate(_("Le seul membre de « %(name)s » est sur la carte."), { name }, true);
  } else {
    message = interpolate(_("Les %(count)s membres de « %(name)s » sont sur la carte."), { count, name }, true);
  }
  const bounds = placed && bbox ? [[bbox[1], bbox[0]], [bbox[3], bbox[2]]] : null;
  return { bounds, message };
}

/* The network the filter names, when it names exactly one. */
export function chosenNetwork(state) {
  const networks = state.network || [];
  return networks.length === 1 ? networks[0] : null;
}

/* Shows the footprint of the network in `state` (if one) each time show() is called:
 * `fit` says whether to move the map to it (not when the URL already names a view). */
export function createNetworkFootprint({ map, status, networksUrl, initiativesUrl, markers, pageLink }) {
  let seat = null;
  let shown = null;

  function clear() {
    if (seat) map.removeLayer(seat);
    seat = null;
    if (status) {
      status.replaceChildren();
      status.hidden = true;
    }
  }

  return async function show(state, { fit = true } = {}) {
    const slug = chosenNetwork(state);
    const key = slug && `${slug}|${!!state.transitive}`;
    if (key === shown) return;
    shown = key;
    clear();
    if (!slug) return;
    let network;
    try {
      network = await getJSON(`${networksUrl}${encodeURIComponent(slug)}/`);
    } catch {
      return;
    }
    if (shown !== key) return; // another network was chosen meanwhile
    const { bounds, message } = footprint(network, { transitive: !!state.transitive });
    if (status) {
      status.replaceChildren(message, " ", pageLink(network, _("Voir la page du réseau")));
      status.hidden = false;
    }
    let box = bounds;
    if (network.has_seat) {
      try {
        const feature = await getJSON(`${initiativesUrl}${encodeURIComponent(slug)}/`);
        if (shown !== key) return;
        seat = markers.initiative(feature).addTo(map);
        seat.getElement?.()?.classList.add("network-seat");
        seat.bindTooltip(interpolate(_("Siège de « %(name)s »"), { name: network.name }, true));
        const [lon, lat] = feature.geometry.coordinates;
        box = box ? [[Math.min(box[0][0], lat), Math.min(box[0][1], lon)], [Math.max(box[1][0], lat), Math.max(box[1][1], lon)]]
          : [[lat, lon], [lat, lon]];
      } catch {
        // The footprint stands without its seat.
      }
    }
    if (fit && box) map.fitBounds(box, { padding: [40, 40], maxZoom: 12 });
    document.body.dataset.footprint = bounds ? "placed" : "unplaced";
  };
}
