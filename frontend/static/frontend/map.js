/* The map in the browser: folium composed the Leaflet map on the server; this script loads
 * the data from the GeoJSON API as the view moves, draws clusters and initiatives, and keeps
 * the filters and the view in the URL.
 *
 * Security: every piece of user text reaches the page through textContent or DOM attributes,
 * never as HTML — popups, tooltips, lists and search results are built node by node. */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("map-config").textContent);
  const map = window[config.mapVar];
  const _ = window.gettext || ((s) => s);
  const LIST_FILTERS = ["theme", "kind"];
  const FILTERS = ["theme", "network", "transitive", "kind", "department", "region", "q"];

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "className") node.className = value;
      else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function debounce(fn, ms) {
    let timer;
    return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  }

  /* ---- What an initiative looks like on the map ---------------------------------------- */

  function popupContent(feature) {
    const p = feature.properties;
    const themes = p.themes.map((t) => el("li", {},
      el("span", { className: "swatch", style: `background:${safeColour(t.colour)}`, "aria-hidden": "true" }),
      document.documentElement.lang === "en" ? t.name_en : t.name));
    return el("div", { className: "popup" },
      el("p", { className: "kind" }, kindLabel(p.kind)),
      el("h3", {}, p.name),
      p.summary ? el("p", {}, p.summary) : null,
      themes.length ? el("ul", { className: "themes" }, themes) : null,
      p.networks.length ? el("p", { className: "networks" }, _("Membre de : "),
        p.networks.map((n) => n.name).join(", ")) : null,
      pageLink(p, _("Voir la fiche")));
  }

  function pagePath(p) {
    return new URL(p.url, window.location.origin).pathname;
  }

  /* In an embed, our pages refuse to be framed (X-Frame-Options: DENY): they open in a tab. */
  function pageLink(p, text) {
    const outside = config.embed ? { target: "_blank", rel: "noopener" } : {};
    return el("a", { href: pagePath(p), ...outside }, text);
  }

  function safeColour(colour) {
    return /^#[0-9a-fA-F]{6}$/.test(colour) ? colour : "#555555";
  }

  function kindLabel(kind) {
    return (config.kinds || {})[kind] || kind;  // named by the server, in the page's language
  }

  function featureMarker(feature) {
    const [lon, lat] = feature.geometry.coordinates;
    const colour = feature.properties.themes.length ? safeColour(feature.properties.themes[0].colour) : "#555555";
    const dot = el("span", { className: "dot", style: `background:${colour}` });
    const marker = L.marker([lat, lon], {
      icon: L.divIcon({ html: dot, className: "initiative-icon", iconSize: [18, 18] }),
      title: feature.properties.name,
      alt: feature.properties.name,
      keyboard: true,
    });
    marker.bindPopup(() => popupContent(feature), { maxWidth: 300 });
    marker.featureId = feature.id;
    return marker;
  }

  function clusterMarker(feature) {
    const [lon, lat] = feature.geometry.coordinates;
    const count = feature.properties.count;
    const size = count < 10 ? 34 : count < 100 ? 40 : count < 1000 ? 48 : 56;
    const label = el("span", {}, count.toLocaleString(document.documentElement.lang));
    const marker = L.marker([lat, lon], {
      icon: L.divIcon({ html: label, className: "cluster-icon", iconSize: [size, size] }),
      title: interpolate(_("%s initiatives : zoomer"), [count]),
      keyboard: true,
    });
    const [w, s, e, n] = feature.properties.bbox;
    if (w === e && s === n) {
      // All at the same spot (e.g. placed at the same town centre): zooming cannot part
      // them, so the cluster opens a list of what it holds.
      marker.bindPopup(() => samePlaceList(feature), { maxWidth: 320 });
    } else {
      marker.on("click", () => {
        map.fitBounds([[s, w], [n, e]], { padding: [40, 40], maxZoom: map.getZoom() + 3 });
      });
    }
    return marker;
  }

  function samePlaceList(feature) {
    const [lon, lat] = feature.geometry.coordinates;
    const d = 0.00001;
    const params = filterParams();
    params.set("bbox", [lon - d, lat - d, lon + d, lat + d].map((v) => v.toFixed(6)).join(","));
    params.set("page_size", "100");
    const list = el("ul", { className: "same-place" });
    const box = el("div", { className: "popup" },
      el("h3", {}, interpolate(_("%s initiatives à cet endroit"), [feature.properties.count])), list);
    fetch(`${config.initiativesUrl}?${params}`).then((r) => r.json()).then((body) => {
      list.replaceChildren(...body.features.map((f) => el("li", {},
        pageLink(f.properties, f.properties.name), ` — ${kindLabel(f.properties.kind)}`)));
    });
    return box;
  }

  function interpolate(text, values) {
    return window.interpolate ? window.interpolate(text, values) : text.replace("%s", values[0]);
  }

  /* ---- State: filters and view, mirrored in the URL -------------------------------------- */

  const state = Object.assign({}, config.state || {});
  const form = document.getElementById("filters");

  function filterParams() {
    const params = new URLSearchParams();
    for (const name of FILTERS) {
      const value = state[name];
      if (value === undefined || value === null || value === "" || value === false) continue;
      if (Array.isArray(value)) value.forEach((v) => params.append(name, v));
      else params.append(name, String(value));
    }
    return params;
  }

  function pageParams() {
    const params = filterParams();
    const centre = map.getCenter();
    params.set("lat", centre.lat.toFixed(4));
    params.set("lon", centre.lng.toFixed(4));
    params.set("z", String(map.getZoom()));
    return params;
  }

  function writeUrl() {
    const url = `${window.location.pathname}?${pageParams()}`;
    window.history.replaceState(null, "", url);
    updateShare();
  }

  // A select holds one value, a link may ask for several (?network=a&network=b, or a region and
  // a department): they show as one extra option naming them all, and stay until another
  // option is chosen in that select.
  const SEVERAL = "several";

  function selectValues(select, values) {
    select.querySelector(`option[value="${SEVERAL}"]`)?.remove();
    if (values.length < 2) { select.value = values[0] || ""; return; }
    const names = values.map((value) => {
      const option = [...select.options].find((o) => o.value === value);
      return option ? option.textContent.trim() : value;
    });
    select.options[0].after(new Option(names.join(" + "), SEVERAL));
    select.value = SEVERAL;
  }

  function readForm() {
    if (!form) return;
    const data = new FormData(form);
    for (const name of LIST_FILTERS) state[name] = data.getAll(name);
    state.transitive = data.get("transitive") === "true";
    const network = data.get("network") || "";
    if (network !== SEVERAL) state.network = network ? [network] : [];
    const territory = data.get("territory") || "";
    if (territory !== SEVERAL) {
      state.region = territory.startsWith("region:") ? [territory.slice(7)] : [];
      state.department = territory.startsWith("department:") ? [territory.slice(11)] : [];
    }
  }

  function fillForm() {
    if (!form) return;
    for (const name of LIST_FILTERS) {
      const wanted = new Set(state[name] || []);
      form.querySelectorAll(`input[name="${name}"]`).forEach((box) => { box.checked = wanted.has(box.value); });
    }
    selectValues(form.elements.network, state.network || []);
    form.elements.transitive.checked = !!state.transitive;
    selectValues(form.elements.territory, [
      ...(state.region || []).map((code) => `region:${code}`),
      ...(state.department || []).map((code) => `department:${code}`),
    ]);
    form.elements.q.value = state.q || "";
  }

  /* ---- Loading what the view shows -------------------------------------------------------- */

  const layer = L.featureGroup().addTo(map);
  let focused = null;
  let loading = null;

  function bboxParam() {
    const b = map.getBounds();
    const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
    return [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90),
      clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)].map((v) => v.toFixed(5)).join(",");
  }

  async function load() {
    if (loading) loading.abort();
    loading = new AbortController();
    const params = filterParams();
    params.set("zoom", String(map.getZoom()));
    params.set("bbox", bboxParam());
    let body;
    try {
      const response = await fetch(`${config.clustersUrl}?${params}`, { signal: loading.signal });
      if (!response.ok) throw new Error(response.status);
      body = await response.json();
    } catch (error) {
      if (error.name !== "AbortError") showStatus(_("Le chargement a échoué. Réessayez dans un instant."));
      return;
    }
    layer.clearLayers();
    for (const feature of body.features) {
      if (!feature.geometry) continue;
      if (feature.properties.cluster) layer.addLayer(clusterMarker(feature));
      else if (!focused || feature.id !== focused.featureId) layer.addLayer(featureMarker(feature));
    }
    document.body.dataset.loaded = "true";
    document.dispatchEvent(new CustomEvent("map:loaded", { detail: { count: body.features.length } }));
    loadList();
  }

  function showStatus(text) {
    const status = document.getElementById("in-view-count");
    if (status) status.textContent = text;
  }

  /* ---- The list of what is in view: the map's alternative for screen readers -------------- */

  async function loadList() {
    const list = document.getElementById("in-view-list");
    if (!list) return;
    const params = filterParams();
    params.set("bbox", bboxParam());
    params.set("page_size", "50");
    const response = await fetch(`${config.initiativesUrl}?${params}`);
    if (!response.ok) return;
    const body = await response.json();
    list.replaceChildren(...body.features.map((f) => el("li", {},
      pageLink(f.properties, f.properties.name),
      f.properties.commune ? ` — ${f.properties.commune}` : "")));
    const more = body.links.some((link) => link.rel === "next");
    showStatus(body.features.length === 0 ? _("Aucune initiative dans cette vue.")
      : more ? interpolate(_("Les %s premières initiatives de la vue :"), [body.features.length])
        : interpolate(_("%s initiatives dans la vue :"), [body.features.length]));
  }

  /* ---- Search: a combobox whose results zoom to the initiative ------------------------------ */

  function setupSearch() {
    const input = document.getElementById("search-input");
    const results = document.getElementById("search-results");
    if (!input || !results) return;
    let items = [];
    let active = -1;

    function close() {
      results.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      items.forEach((item, i) => item.node.setAttribute("aria-selected", i === index ? "true" : "false"));
      active = index;
      if (index >= 0) input.setAttribute("aria-activedescendant", items[index].node.id);
    }

    const search = debounce(async () => {
      const text = input.value.trim();
      state.q = text;
      writeUrl();
      load();
      if (text.length < 2) { close(); return; }
      const params = filterParams();
      params.set("page_size", "8");
      const response = await fetch(`${config.initiativesUrl}?${params}`);
      if (!response.ok) { close(); return; }
      const body = await response.json();
      items = body.features.map((feature, i) => ({
        feature,
        node: el("li", { id: `search-result-${i}`, role: "option", "aria-selected": "false" },
          el("strong", {}, feature.properties.name),
          feature.properties.commune ? ` — ${feature.properties.commune}` : ` — ${kindLabel(feature.properties.kind)}`),
      }));
      if (!items.length) {
        results.replaceChildren(el("li", { role: "option", "aria-disabled": "true" }, _("Aucun résultat")));
      } else {
        items.forEach((item) => {
          item.node.addEventListener("mousedown", (event) => { event.preventDefault(); choose(item.feature); });
        });
        results.replaceChildren(...items.map((item) => item.node));
      }
      results.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }, 250);

    function choose(feature) {
      close();
      if (!feature.geometry) { window.location.href = pagePath(feature.properties); return; }
      focus(feature);
    }

    input.addEventListener("input", search);
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" && items.length) { event.preventDefault(); highlight((active + 1) % items.length); }
      else if (event.key === "ArrowUp" && items.length) { event.preventDefault(); highlight((active - 1 + items.length) % items.length); }
      else if (event.key === "Enter") {
        event.preventDefault();
        if (active >= 0) choose(items[active].feature);
        else if (items.length) choose(items[0].feature);
      } else if (event.key === "Escape") close();
    });
    input.addEventListener("blur", () => setTimeout(close, 150));
  }

  function focus(feature) {
    if (focused) map.removeLayer(focused);
    focused = featureMarker(feature).addTo(map);
    const [lon, lat] = feature.geometry.coordinates;
    map.setView([lat, lon], Math.max(map.getZoom(), 14));
    focused.openPopup();
  }

  /* ---- Share / embed ---------------------------------------------------------------------- */

  function updateShare() {
    const link = document.getElementById("share-link");
    if (!link) return;
    const params = pageParams();
    link.value = `${config.homeUrl}?${params}`;
    const embed = `${config.embedUrl}?${params}`;
    document.getElementById("share-iframe").value =
      `<iframe src="${embed.replace(/&/g, "&amp;").replace(/"/g, "&quot;")}" title="${_("Carte des réseaux")}" width="100%" height="500" style="border:0" loading="lazy"></iframe>`;
    document.getElementById("share-geojson").value = `${config.apiUrl}?${filterParams()}`;
  }

  function setupShare() {
    const button = document.getElementById("share-button");
    const dialog = document.getElementById("share-dialog");
    if (!button || !dialog) return;
    button.addEventListener("click", () => { updateShare(); dialog.showModal(); });
  }

  function setupPanelToggle() {
    const toggle = document.querySelector(".panel-toggle");
    const panel = document.getElementById("panel");
    if (!toggle || !panel) return;
    const narrow = window.matchMedia("(max-width: 700px)");
    const set = (open) => {
      panel.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
      map.invalidateSize();
    };
    set(!narrow.matches);
    toggle.addEventListener("click", () => set(panel.hidden));
  }

  /* ---- Static mode: an initiative's page shows it and its members --------------------------- */

  async function showSources(sources) {
    const bounds = [];
    for (const url of sources) {
      const response = await fetch(url);
      if (!response.ok) continue;
      const body = await response.json();
      const features = body.type === "Feature" ? [body] : body.features;
      for (const feature of features) {
        if (!feature.geometry) continue;
        layer.addLayer(featureMarker(feature));
        const [lon, lat] = feature.geometry.coordinates;
        bounds.push([lat, lon]);
      }
    }
    if (bounds.length) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 11 });
    document.body.dataset.loaded = "true";
  }

  /* ---- Start ---------------------------------------------------------------------------------- */

  if (config.sources) {
    showSources(config.sources);
    return;
  }
  if (typeof state.z === "number" && typeof state.lat === "number" && typeof state.lon === "number") {
    // Not animated: during an animation getZoom() is still the old zoom, and the first load
    // would fetch the clusters of a view nobody asked for.
    map.setView([state.lat, state.lon], state.z, { animate: false });
  }
  delete state.lat; delete state.lon; delete state.z;
  fillForm();
  if (form) {
    form.addEventListener("change", () => { readForm(); writeUrl(); load(); });
    form.addEventListener("submit", (event) => event.preventDefault());
    form.addEventListener("reset", () => setTimeout(() => {
      for (const name of FILTERS) delete state[name];
      fillForm(); writeUrl(); load();
    }));
  }
  setupSearch();
  setupShare();
  setupPanelToggle();
  map.on("moveend", debounce(() => { writeUrl(); load(); }, 150));
  writeUrl();
  load();
})();
