/* The contribution form in the browser: place the initiative on the map (click, drag, or a
 * commune / postal code / address found as you type), deduce its commune from the point, and
 * warn about possible duplicates before sending. Without JavaScript the same form works:
 * longitude and latitude can be typed. Server text reaches the page as text nodes only. */

import { getJSON, withParams } from "./api.js";
import { combobox } from "./combobox.js";
import { debounce, el } from "./dom.js";
import { gettext as _, interpolate } from "./i18n.js";

/* A typed position, if it is one. Pure. */
export function parsePosition(lonText, latText) {
  const lon = parseFloat(lonText);
  const lat = parseFloat(latText);
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) return null;
  if (Math.abs(lon) > 180 || Math.abs(lat) > 90) return null;
  return { lon, lat };
}

/* The position and codes as a sentence, shown instead of the raw inputs (kept under
 * "Avancé"). Pure. */
export function positionText({ lon, lat, precision, commune, postal_code, insee_code, department_code, region_code }) {
  const point = parsePosition(lon, lat);
  if (!point) return _("Pas encore de position : choisissez un lieu ou touchez la carte.");
  const where = [commune, postal_code].filter(Boolean).join(" ");
  const codes = [
    insee_code && interpolate(_("INSEE %s"), [insee_code]),
    department_code && interpolate(_("département %s"), [department_code]),
    region_code && interpolate(_("région %s"), [region_code]),
  ].filter(Boolean).join(", ");
  const at = `${point.lat.toFixed(5)}, ${point.lon.toFixed(5)}`;
  const exact = precision === "commune" ? _(" (au centre de la commune)") : "";
  return [interpolate(_("Position : %s"), [at]) + exact, where, codes].filter(Boolean).join(" — ");
}

export function startContributionForm(map, config) {
  const field = (name) => document.getElementById(`id_${name}`);
  const status = document.getElementById("place-status");
  const say = (text) => { status.textContent = text; };
  const position = () => parsePosition(field("lon").value, field("lat").value);
  let marker = null;
  const positionLine = document.getElementById("position-text");
  const CODES = ["lon", "lat", "location_precision", "commune", "postal_code", "insee_code", "department_code", "region_code"];

  function describe() {
    if (!positionLine) return;
    positionLine.hidden = false;
    if (field("seatless").checked) {
      positionLine.textContent = _("Sans siège : ce réseau n’aura pas de position sur la carte.");
      return;
    }
    const values = Object.fromEntries(CODES.map((name) => [name, field(name).value]));
    positionLine.textContent = positionText({ ...values, precision: values.location_precision });
  }

  function showMarker(lat, lon) {
    if (marker) { marker.setLatLng([lat, lon]); return; }
    marker = L.marker([lat, lon], {
      draggable: true,
      keyboard: true,
      title: _("Position de l’initiative : déplacez-moi"),
      alt: _("Position de l’initiative"),
      icon: L.divIcon({ html: el("span", { className: "pin" }), className: "placed-icon", iconSize: [44, 44], iconAnchor: [22, 40] }),
    }).addTo(map);
    marker.on("dragend", () => {
      const point = marker.getLatLng();
      pointChosen(point.lat, point.lng);
    });
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

  function setPosition(lat, lon, precision) {
    field("lon").value = lon.toFixed(6);
    field("lat").value = lat.toFixed(6);
    field("location_precision").value = precision;
    field("seatless").checked = false;
    for (const name of ["lon", "lat"]) clearError(field(name));
    showMarker(lat, lon);
    describe();
    findDuplicates();
  }

  function fillCommune(place) {
    for (const name of ["commune", "postal_code", "insee_code", "department_code", "region_code"]) {
      field(name).value = place[name];
    }
    describe();
  }

  /* A click or a drag: the person says where it is exactly; the commune is deduced. */
  async function pointChosen(lat, lon) {
    setPosition(lat, lon, "exact");
    let body = null;
    try {
      body = await getJSON(withParams(config.reverseUrl, new URLSearchParams({ lon: lon.toFixed(6), lat: lat.toFixed(6) })));
    } catch { /* no commune near: said below */ }
    if (!body) {
      say(_("Position enregistrée. Aucune commune française trouvée près de ce point : renseignez-la si besoin."));
      return;
    }
    fillCommune(body);
    say(interpolate(_("Position enregistrée. Commune déduite, approximativement : %(commune)s (%(department)s). Corrigez-la plus bas si besoin."),
      { commune: body.commune, department: body.department_code }, true));
  }

  function placeChosen(place) {
    document.getElementById("place-input").value = place.label;
    fillCommune(place);
    if (place.lon === null || place.lat === null) return;
    setPosition(place.lat, place.lon, place.precision === "address" ? "exact" : "commune");
    map.setView([place.lat, place.lon], 14);
    say(place.approximate
      ? interpolate(_("Placé à peu près à %(label)s : la position est approximative, cliquez sur la carte ou déplacez le marqueur à l’endroit exact."), { label: place.label }, true)
      : interpolate(_("Placé à %(label)s. Cliquez sur la carte ou déplacez le marqueur pour préciser l’endroit."), { label: place.label }, true));
  }

  /* Possible duplicates, with the server's reasons (the rule is the server's: the same one
   * refuses the proposal until the person says it is another one). */
  const duplicates = document.getElementById("duplicates");
  const findDuplicates = debounce(async () => {
    if (!config.duplicatesUrl || !duplicates) return;
    const name = field("name").value.trim();
    if (name.length < 3) return;
    const params = new URLSearchParams({ name: name.slice(0, 200) });
    const point = position();
    if (point) params.set("at", `${point.lon.toFixed(6)},${point.lat.toFixed(6)}`);
    const kind = document.querySelector("input[name='kind']:checked");
    if (kind) params.set("kind", kind.value);
    for (const key of ["location_precision", "commune", "insee_code", "website"]) {
      const value = field(key).value.trim();
      if (value) params.set(key, value.slice(0, 150));
    }
    let body;
    try {
      body = await getJSON(withParams(config.duplicatesUrl, params));
    } catch {
      return;
    }
    const found = body.candidates.map((candidate) => el("li", {},
      el("a", { href: new URL(candidate.url).pathname, target: "_blank", rel: "noopener" },
        candidate.name, el("span", { className: "visually-hidden" }, ` ${_("(nouvel onglet)")}`)),
      " — ", el("span", { className: "reasons" }, candidate.reasons.join(", ")),
      " · ", el("a", { href: new URL(candidate.edit_url).pathname }, _("Corriger cette fiche"))));
    duplicates.querySelector("ul").replaceChildren(...found);
    duplicates.hidden = found.length === 0 && !field("not_a_duplicate").checked;
  }, 400);
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
    for (const name of ["lon", "lat", "location_precision"]) field(name).value = "";
    if (marker) { map.removeLayer(marker); marker = null; }
    say(_("Sans siège : ce réseau n’aura pas de position sur la carte."));
  });
  combobox({
    input: document.getElementById("place-input"),
    listbox: document.getElementById("place-results"),
    idPrefix: "place-result",
    emptyText: _("Aucun lieu trouvé"),
    delay: 200,
    search: async (text) => (await getJSON(withParams(config.geocodeUrl, new URLSearchParams({ q: text.slice(0, 100) })))).results,
    render: (place) => [el("strong", {}, place.label), place.postal_code ? ` — ${place.postal_code}` : ""],
    choose: placeChosen,
  });
  field("name").addEventListener("input", findDuplicates);
  for (const name of ["commune", "insee_code", "website"]) field(name).addEventListener("change", findDuplicates);
  for (const input of document.querySelectorAll("input[name='kind']")) input.addEventListener("change", findDuplicates);
  for (const name of CODES) field(name).addEventListener("change", describe);
  field("seatless").addEventListener("change", describe);
  describe();

  const start = position();
  if (start) {
    showMarker(start.lat, start.lon);
    map.setView([start.lat, start.lon], 13);
  }
  document.body.dataset.loaded = "true";
}
