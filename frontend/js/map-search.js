/* The map's search box in the map's own words: what is typed is read by /api/v1/suggest/
 * (places, themes, networks, and the filters the whole text means) and searched among the
 * initiatives; choosing moves the map — a territory is fitted, a town centred — or sets the
 * filters it names ("communs bretagne" → theme Communs, region Bretagne). The pure parts
 * (suggestionItems, applyChoice, itemText) are unit-tested with node --test. */

import { getJSON, withParams } from "./api.js";
import { combobox } from "./combobox.js";
import { el } from "./dom.js";
import { gettext as _, interpolate } from "./i18n.js";
import { filterParams } from "./url-state.js";

const TOWN_ZOOM = 13;

export function themeName(theme, lang) {
  return lang === "en" && theme.name_en ? theme.name_en : theme.name_fr;
}

/* The options, in the order shown: what the whole text means when it names a theme (with
 * its territory), the places, the themes, the networks, then the initiatives found. Pure. */
export function suggestionItems(suggestions, features = []) {
  const items = [];
  const { filters = {}, places = [], themes = [], networks = [] } = suggestions || {};
  const territory = (filters.region || []).length + (filters.department || []).length > 0;
  if ((filters.theme || []).length && (territory || filters.q)) {
    const named = themes.filter((t) => filters.theme.includes(t.slug));
    const place = territory ? places.find((p) => p.kind !== "commune") : null;
    items.push({ type: "filters", filters, themes: named, place });
  }
  for (const place of places) items.push({ type: "place", place });
  for (const theme of themes) items.push({ type: "theme", theme });
  for (const network of networks) items.push({ type: "network", network });
  for (const feature of features) items.push({ type: "initiative", feature });
  return items;
}

const PLACE_KINDS = { region: () => _("région"), department: () => _("département"), commune: () => _("commune") };

/* An option's words: [main text, detail]. Pure. */
export function itemText(item, lang, kindLabel = (kind) => kind) {
  switch (item.type) {
    case "filters": {
      const themes = item.themes.map((t) => themeName(t, lang)).join(", ");
      const detail = [item.place ? interpolate(_("en %s"), [item.place.name]) : "",
        item.filters.q ? interpolate(_("« %s »"), [item.filters.q]) : ""].filter(Boolean).join(" ");
      return [interpolate(_("Thème %s"), [themes]), detail];
    }
    case "place": return [item.place.label, PLACE_KINDS[item.place.kind]()];
    case "theme": return [themeName(item.theme, lang), _("thème")];
    case "network": return [item.network.name, _("réseau")];
    default: {
      const { name, commune, kind } = item.feature.properties;
      return [name, commune || kindLabel(kind)];
    }
  }
}

/* [west, south, east, north] → Leaflet's [[south, west], [north, east]]. */
export function boxBounds(bbox) {
  if (!bbox) return null;
  const [w, s, e, n] = bbox;
  return [[s, w], [n, e]];
}

/* What choosing an option does: the new filters (merged into the map's state) and where the
 * map goes — `bounds` to fit, or `center` to show at a town's zoom. Pure. */
export function applyChoice(state, item) {
  const next = { ...state, q: "" };
  let bounds = null;
  let center = null;
  const territory = (place) => {
    next.region = place.kind === "region" ? [place.code] : [];
    next.department = place.kind === "department" ? [place.code] : [];
    bounds = boxBounds(place.bbox);
  };
  if (item.type === "filters") {
    next.theme = [...item.filters.theme];
    next.region = [...item.filters.region];
    next.department = [...item.filters.department];
    next.q = item.filters.q || "";
    if (item.place) bounds = boxBounds(item.place.bbox);
  } else if (item.type === "place" && item.place.kind === "commune") {
    if (item.place.lat !== null && item.place.lat !== undefined) center = [item.place.lat, item.place.lon];
  } else if (item.type === "place") {
    territory(item.place);
  } else if (item.type === "theme") {
    next.theme = [item.theme.slug];
  } else if (item.type === "network") {
    next.network = [item.network.slug];
  }
  return { state: next, bounds, center };
}

/* Wires the search box. `apply(state)` hands new filters to the map view (which fills the
 * form and reloads); `focus(feature)` shows one initiative; `openPage(feature)` one without
 * a position; `addNetwork(network)` makes a chosen network one the panel's filter can hold. */
export function setupMapSearch({ map, input, listbox, state, suggestUrl, initiativesUrl, lang, kindLabel, apply, focus, openPage, addNetwork }) {
  async function search(text) {
    const params = filterParams(state);
    params.set("page_size", "5");
    const [suggestions, initiatives] = await Promise.all([
      getJSON(withParams(suggestUrl, new URLSearchParams({ q: text }))).catch(() => null),
      getJSON(withParams(initiativesUrl, params)),
    ]);
    return suggestionItems(suggestions, initiatives.features);
  }

  function choose(item) {
    if (item.type === "initiative") {
      if (!item.feature.geometry) openPage(item.feature);
      else focus(item.feature);
      return;
    }
    const { state: next, bounds, center } = applyChoice(state, item);
    if (item.type === "network") addNetwork(item.network);
    if (bounds) map.fitBounds(bounds, { padding: [20, 20] });
    else if (center) map.setView(center, Math.max(map.getZoom(), TOWN_ZOOM));
    apply(next);
  }

  return combobox({
    input,
    listbox,
    idPrefix: "search-result",
    emptyText: _("Aucun résultat"),
    search,
    render: (item) => {
      const [main, detail] = itemText(item, lang, kindLabel);
      return [el("strong", {}, main), detail ? ` — ${detail}` : ""];
    },
    choose,
  });
}
