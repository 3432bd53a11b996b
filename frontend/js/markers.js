/* What an initiative and a cluster look like on the map: Leaflet markers with 44 px touch
 * targets, names for screen readers, popups built from text nodes. */

import { el } from "./dom.js";
import { gettext as _, interpolate } from "./i18n.js";

export const TOUCH = 44; // px: the smallest target a finger can hit (WCAG 2.5.5)

export function safeColour(colour) {
  return /^#[0-9a-fA-F]{6}$/.test(colour) ? colour : "#555555";
}

/* The path of an initiative's page, from the API's absolute URL. */
export function pagePath(properties, origin = globalThis.location?.origin) {
  return new URL(properties.url, origin).pathname;
}

/* A count as the page's language writes it ("1 234" in French, "1,234" in English): an
 * integer's digits in groups of three, as Intl.NumberFormat writes it (tests/js checks they
 * agree). Not Intl.NumberFormat itself: the page's first one loads the locale's number data,
 * 10–17 ms of main thread before the first markers can show. */
const GROUP_SEPARATORS = { fr: "\u202f", en: "," };
export function formatCount(count, lang = "fr") {
  const digits = String(Math.abs(count)).replace(/\B(?=(\d{3})+(?!\d))/g, GROUP_SEPARATORS[lang] ?? ",");
  return count < 0 ? `-${digits}` : digits;
}

/* "4 initiatives autour de Brest : zoomer pour les voir" — a cluster's accessible name. `town`
 * is the server's (the commune nearest the cluster's centre), or null when none is known. */
export function clusterName(count, samePlace, lang = "fr", town = null) {
  const n = formatCount(count, lang);
  if (town) {
    return samePlace
      ? interpolate(_("%(count)s initiatives au même endroit, à %(town)s : afficher la liste"), { count: n, town }, true)
      : interpolate(_("%(count)s initiatives autour de %(town)s : zoomer pour les voir"), { count: n, town }, true);
  }
  return samePlace
    ? interpolate(_("%s initiatives au même endroit : afficher la liste"), [n])
    : interpolate(_("%s initiatives ici : zoomer pour les voir"), [n]);
}

export function clusterSize(count) {
  return count < 10 ? TOUCH : count < 100 ? 48 : count < 1000 ? 52 : 58;
}

export function isSamePlace(feature) {
  const [w, s, e, n] = feature.properties.bbox;
  return w === e && s === n;
}

export function createMarkers({ kinds = {}, embed = false, lang = "fr" } = {}) {
  const kindLabel = (kind) => kinds[kind] || kind; // named by the server, in the page's language

  /* In an embed, our pages refuse to be framed: they open in a new tab. */
  function pageLink(properties, text) {
    const outside = embed ? { target: "_blank", rel: "noopener" } : {};
    return el("a", { href: pagePath(properties), ...outside }, text);
  }

  function popupContent(feature) {
    const p = feature.properties;
    const themes = p.themes.map((t) =>
      el("li", {}, el("span", { className: "swatch", style: { background: safeColour(t.colour) }, "aria-hidden": "true" }),
        lang === "en" ? t.name_en : t.name));
    return el("div", { className: "popup" },
      el("p", { className: "kind" }, kindLabel(p.kind)),
      el("h3", {}, p.name),
      p.summary ? el("p", {}, p.summary) : null,
      themes.length ? el("ul", { className: "themes" }, themes) : null,
      p.networks.length ? el("p", { className: "networks" }, _("Membre de : "), p.networks.map((n) => n.name).join(", ")) : null,
      pageLink(p, _("Voir la fiche")));
  }

  function initiative(feature) {
    const [lon, lat] = feature.geometry.coordinates;
    const p = feature.properties;
    const colour = p.themes.length ? safeColour(p.themes[0].colour) : "#555555";
    const marker = L.marker([lat, lon], {
      icon: L.divIcon({ html: el("span", { className: "dot", style: { background: colour } }), className: "initiative-icon", iconSize: [TOUCH, TOUCH] }),
      title: p.name,
      alt: p.name,
      keyboard: true,
    });
    marker.bindPopup(() => popupContent(feature), { maxWidth: 300 });
    marker.featureId = feature.id;
    return marker;
  }

  /* onZoom(bounds) for a cluster spread over an area; listSamePlace(feature) -> Promise of
   * features for one whose members share a point (zooming cannot part them). */
  function cluster(feature, { onZoom, listSamePlace }) {
    const [lon, lat] = feature.geometry.coordinates;
    const { count, town } = feature.properties;
    const size = clusterSize(count);
    const samePlace = isSamePlace(feature);
    const name = clusterName(count, samePlace, lang, town);
    const marker = L.marker([lat, lon], {
      icon: L.divIcon({ html: el("span", { "aria-hidden": "true" }, formatCount(count, lang)), className: "cluster-icon", iconSize: [size, size] }),
      title: name,
      alt: name,
      keyboard: true,
    });
    if (samePlace) {
      marker.bindPopup(() => {
        const list = el("ul", { className: "same-place" });
        listSamePlace(feature).then((features) => list.replaceChildren(...features.map((f) =>
          el("li", {}, pageLink(f.properties, f.properties.name), ` — ${kindLabel(f.properties.kind)}`))));
        return el("div", { className: "popup" }, el("h3", {}, interpolate(_("%s initiatives à cet endroit"), [count])), list);
      }, { maxWidth: 320 });
    } else {
      const [w, s, e, n] = feature.properties.bbox;
      marker.on("click", () => onZoom([[s, w], [n, e]]));
    }
    return marker;
  }

  return { initiative, cluster, pageLink, kindLabel };
}
