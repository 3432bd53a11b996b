/* The explorable map (home page and /embed/): loads what the view shows from the clusters
 * API as the view moves, keeps the filters and the view in the URL, lists what is in view.
 * Every piece of user text reaches the page as text nodes (dom.js), never as HTML. */

import { firstClusters, getJSON, isAbort, latestOnly } from "./api.js";
import { ClustersLayer, featureKey } from "./clusters-layer.js";
import { embeddedFirst } from "./embedded-clusters.js";
import { afterPaint, debounce } from "./dom.js";
import { fillForm, readForm } from "./filters-form.js";
import { firstView } from "./first-view.js";
import { gettext as _ } from "./i18n.js";
import { createInViewList } from "./in-view-list.js";
import { setupMapSearch } from "./map-search.js";
import { addNetworkOption } from "./network-combobox.js";
import { clusterSize, createMarkers, isSamePlace, pagePath } from "./markers.js";
import { setupShareDialog } from "./share-dialog.js";
import { FILTERS, clustersUrl, filterParams, pageParams, requestedView, samePlaceUrl, withoutView } from "./url-state.js";

export function startMapView(map, config) {
  const lang = document.documentElement.lang;
  const state = withoutView(config.state || {});
  const form = document.getElementById("filters");
  const markers = createMarkers({ kinds: config.kinds, embed: config.embed, lang });
  const list = createInViewList({
    list: document.getElementById("in-view-list"),
    status: document.getElementById("in-view-count"),
    pageLink: markers.pageLink,
    lang,
  });
  let focused = null;

  const view = () => ({ lat: map.getCenter().lat, lon: map.getCenter().lng, zoom: map.getZoom() });
  const current = () => ({ page: pageParams(state, view()), filters: filterParams(state) });

  function writeUrl() {
    window.history.replaceState(null, "", `${window.location.pathname}?${pageParams(state, view())}`);
  }

  async function listSamePlace(feature) {
    return (await getJSON(samePlaceUrl(config.initiativesUrl, state, feature.geometry.coordinates))).features;
  }

  const zoomTo = (bounds) => map.fitBounds(bounds, { padding: [40, 40], maxZoom: map.getZoom() + 3 });
  const layer = new ClustersLayer(map, (feature) => {
    if (feature.properties.cluster) return markers.cluster(feature, { onZoom: zoomTo, listSamePlace });
    return focused && feature.id === focused.featureId ? null : markers.initiative(feature);
  }, { sizeOf: clusterSize });

  function onGroup(feature) {
    const marker = layer.markers.get(featureKey(feature)); // absent when merged with a neighbour
    if (isSamePlace(feature) && marker) {
      marker.openPopup();
      return;
    }
    const [w, s, e, n] = feature.properties.bbox;
    zoomTo([[s, w], [n, e]]);
  }

  // The first view's clusters may be in the page (embedded-clusters.js) or already on their
  // way (pages/map-early.js).
  const loadClusters = latestOnly(firstClusters.take(embeddedFirst(config.firstClusters)));

  /* One request per view change: the clusters of the snapped view feed the markers and the list. */
  async function load() {
    const b = map.getBounds();
    const zoom = map.getZoom();
    const url = clustersUrl(config.clustersUrl, state, {
      zoom,
      bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()],
      levelOffset: config.clusterLevelOffset,
    });
    let body;
    try {
      body = await loadClusters(url);
    } catch (error) {
      if (!isAbort(error)) list.say(_("Le chargement a échoué. Réessayez dans un instant."));
      return;
    }
    if (!(await layer.draw(body.features))) return; // a newer view is being drawn
    const detail = { count: body.features.length, zoom, url };
    document.dispatchEvent(new CustomEvent("map:drawn", { detail }));
    const drawn = layer.generation;
    await afterPaint(); // the markers on screen first, then the list
    if (drawn !== layer.generation) return;
    const bounds = map.getBounds();
    list.show(body.features, {
      inView: (f) => f.geometry && bounds.contains([f.geometry.coordinates[1], f.geometry.coordinates[0]]),
      onGroup,
      isSamePlace,
    });
    document.body.dataset.loaded = "true";
    document.dispatchEvent(new CustomEvent("map:loaded", { detail }));
  }

  function focus(feature) {
    if (focused) map.removeLayer(focused);
    focused = markers.initiative(feature).addTo(map);
    const [lon, lat] = feature.geometry.coordinates;
    map.setView([lat, lon], Math.max(map.getZoom(), 14));
    focused.openPopup();
  }

  const search = document.getElementById("search-input");
  if (search) {
    search.addEventListener("input", debounce(() => { state.q = search.value.trim(); writeUrl(); load(); }, 250));
    setupMapSearch({
      map,
      input: search,
      listbox: document.getElementById("search-results"),
      state,
      suggestUrl: config.suggestUrl,
      initiativesUrl: config.initiativesUrl,
      lang,
      kindLabel: markers.kindLabel,
      focus,
      openPage: (f) => { window.location.href = pagePath(f.properties); },
      addNetwork: (network) => form && addNetworkOption(form.elements.network, network),
      // Through the form, as if chosen there: the map view and the footprint both listen.
      apply: (next) => {
        Object.assign(state, next);
        if (!form) { writeUrl(); load(); return; }
        fillForm(form, state);
        form.dispatchEvent(new Event("change"));
      },
    });
  }

  setupShareDialog({
    buttons: document.querySelectorAll("[data-share]"),
    dialog: document.getElementById("share-dialog"),
    urls: config,
    current,
  });

  // The view the URL names, or the data's extent fitted (first-view.js, as pages/map-early.js
  // computed it). Reset, not animated or panned: during an animation getZoom() is still the
  // old zoom, and a pan keeps folium's pixel origin; either would give another bbox.
  const size = map.getSize();
  const first = firstView(requestedView(config.state || {}), config.extent, { width: size.x, height: size.y });
  map.setView([first.lat, first.lon], first.zoom, { reset: true });
  if (form) {
    fillForm(form, state);
    form.addEventListener("change", (event) => {
      if (event.target === search) return;
      readForm(form, state); writeUrl(); load();
    });
    form.addEventListener("submit", (event) => event.preventDefault());
    form.addEventListener("reset", () => setTimeout(() => {
      for (const name of FILTERS) delete state[name];
      fillForm(form, state); writeUrl(); load();
    }));
  }
  map.on("moveend", debounce(() => { writeUrl(); load(); }, 150));
  writeUrl();
  load();
  return { state, load };
}
