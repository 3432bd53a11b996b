/* The contribution form in the browser: place the initiative on the map (click, drag, or a
 * commune / postal code / address found as you type), deduce its commune from the point, and
 * warn about possible duplicates before sending. Without JavaScript the form still works:
 * longitude and latitude can be typed.
 *
 * Security: every piece of text from the server (place names, initiative names) reaches the
 * page through textContent or DOM attributes, never as HTML. */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("contribute-config").textContent);
  const map = window[config.mapVar];
  const _ = window.gettext || ((s) => s);
  const field = (name) => document.getElementById(`id_${name}`);
  const status = document.getElementById("place-status");

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

  function interpolate(text, values) {
    return window.interpolate ? window.interpolate(text, values, true) : text;
  }

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) return null;
    return response.json();
  }

  /* ---- The marker: where the initiative is ----------------------------------------------- */

  let marker = null;

  function position() {
    const lon = parseFloat(field("lon").value);
    const lat = parseFloat(field("lat").value);
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
    if (Math.abs(lon) > 180 || Math.abs(lat) > 90) return null;
    return { lon, lat };
  }

  function showMarker(lat, lon) {
    if (!marker) {
      marker = L.marker([lat, lon], {
        draggable: true,
        keyboard: true,
        title: _("Position de l’initiative : déplacez-moi"),
        alt: _("Position de l’initiative"),
        icon: L.divIcon({ html: el("span", { className: "pin" }), className: "placed-icon", iconSize: [24, 24], iconAnchor: [12, 29] }),
      }).addTo(map);
      marker.on("dragend", () => {
        const point = marker.getLatLng();
        pointChosen(point.lat, point.lng);
      });
    } else {
      marker.setLatLng([lat, lon]);
    }
  }

  function setPosition(lat, lon, precision) {
    field("lon").value = lon.toFixed(6);
    field("lat").value = lat.toFixed(6);
    field("location_precision").value = precision;
    field("seatless").checked = false;
    for (const name of ["lon", "lat"]) clearError(field(name));
    showMarker(lat, lon);
    findDuplicates();
  }

  /* The server's "place it on the map" error no longer applies once it is placed. */
  function clearError(input) {
    const errorId = `${input.id}_error`;
    const error = document.getElementById(errorId);
    if (!error) return;
    error.remove();
    input.removeAttribute("aria-invalid");
    const described = (input.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && id !== errorId);
    if (described.length) input.setAttribute("aria-describedby", described.join(" "));
    else input.removeAttribute("aria-describedby");
  }

  /* A click or a drag: the person says where it is exactly; the commune is deduced. */
  async function pointChosen(lat, lon) {
    setPosition(lat, lon, "exact");
    const body = await getJSON(`${config.reverseUrl}?${new URLSearchParams({ lon: lon.toFixed(6), lat: lat.toFixed(6) })}`);
    if (!body) {
      say(_("Position enregistrée. Aucune commune française trouvée près de ce point : renseignez-la si besoin."));
      return;
    }
    fillCommune(body);
    say(interpolate(_("Position enregistrée. Commune déduite, approximativement : %(commune)s (%(department)s). Corrigez-la plus bas si besoin."),
      { commune: body.commune, department: body.department_code }));
  }

  function fillCommune(place) {
    field("commune").value = place.commune;
    field("postal_code").value = place.postal_code;
    field("insee_code").value = place.insee_code;
    field("department_code").value = place.department_code;
    field("region_code").value = place.region_code;
  }

  function say(text) {
    status.textContent = text;
  }

  map.on("click", (event) => pointChosen(event.latlng.lat, event.latlng.lng));

  for (const name of ["lon", "lat"]) {
    field(name).addEventListener("change", () => {
      const point = position();
      if (!point) return;
      showMarker(point.lat, point.lon);
      map.setView([point.lat, point.lon], Math.max(map.getZoom(), 13));
    });
  }

  field("seatless").addEventListener("change", (event) => {
    if (!event.target.checked) return;
    field("lon").value = "";
    field("lat").value = "";
    field("location_precision").value = "";
    if (marker) { map.removeLayer(marker); marker = null; }
    say(_("Sans siège : ce réseau n’aura pas de position sur la carte."));
  });

  /* ---- Commune, postal code or address: a combobox like the map's search --------------------- */

  function setupPlaceSearch() {
    const input = document.getElementById("place-input");
    const results = document.getElementById("place-results");
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
      if (text.length < 2) { close(); return; }
      const body = await getJSON(`${config.geocodeUrl}?${new URLSearchParams({ q: text.slice(0, 100) })}`);
      if (!body || input.value.trim() !== text) return;
      items = body.results.map((place, i) => ({
        place,
        node: el("li", { id: `place-result-${i}`, role: "option", "aria-selected": "false" },
          el("strong", {}, place.label), place.postal_code ? ` — ${place.postal_code}` : ""),
      }));
      if (!items.length) {
        results.replaceChildren(el("li", { role: "option", "aria-disabled": "true" }, _("Aucun lieu trouvé")));
      } else {
        items.forEach((item) => {
          item.node.addEventListener("mousedown", (event) => { event.preventDefault(); choose(item.place); });
        });
        results.replaceChildren(...items.map((item) => item.node));
      }
      results.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }, 200);

    function choose(place) {
      close();
      input.value = place.label;
      fillCommune(place);
      if (place.lon === null || place.lat === null) return;
      setPosition(place.lat, place.lon, place.precision === "address" ? "exact" : "commune");
      map.setView([place.lat, place.lon], 14);
      say(place.approximate
        ? interpolate(_("Placé à peu près à %(label)s : la position est approximative, cliquez sur la carte ou déplacez le marqueur à l’endroit exact."), { label: place.label })
        : interpolate(_("Placé à %(label)s. Cliquez sur la carte ou déplacez le marqueur pour préciser l’endroit."), { label: place.label }));
    }

    input.addEventListener("input", search);
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" && items.length) { event.preventDefault(); highlight((active + 1) % items.length); }
      else if (event.key === "ArrowUp" && items.length) { event.preventDefault(); highlight((active - 1 + items.length) % items.length); }
      else if (event.key === "Enter") {
        event.preventDefault(); // choosing a place must not send the form
        if (active >= 0) choose(items[active].place);
        else if (items.length && !results.hidden) choose(items[0].place);
      } else if (event.key === "Escape") close();
    });
    input.addEventListener("blur", () => setTimeout(close, 150));
  }

  /* ---- Possible duplicates, while there is still time ----------------------------------------- */

  const duplicates = document.getElementById("duplicates");

  const findDuplicates = debounce(async () => {
    if (!config.duplicates) return;
    const name = field("name").value.trim();
    if (name.length < 3) { duplicates.hidden = true; return; }
    const params = new URLSearchParams({ q: name.slice(0, 200), page_size: "5" });
    const point = position();
    if (point) {
      params.set("near", `${point.lon.toFixed(6)},${point.lat.toFixed(6)}`);
      params.set("radius", "20000");
    }
    const body = await getJSON(`${config.initiativesUrl}?${params}`);
    if (!body) return;
    const found = body.features.map((f) => el("li", {},
      el("a", { href: new URL(f.properties.url, window.location.origin).pathname, target: "_blank", rel: "noopener" },
        f.properties.name, el("span", { className: "visually-hidden" }, ` ${_("(nouvel onglet)")}`)),
      f.properties.commune ? ` — ${f.properties.commune}` : ""));
    duplicates.querySelector("ul").replaceChildren(...found);
    duplicates.hidden = found.length === 0;
  }, 400);

  /* ---- Start ---------------------------------------------------------------------------------- */

  const start = position();
  if (start) {
    showMarker(start.lat, start.lon);
    map.setView([start.lat, start.lon], 13);
  }
  setupPlaceSearch();
  field("name").addEventListener("input", findDuplicates);
  document.body.dataset.loaded = "true";
})();
