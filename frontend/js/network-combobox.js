/* The panel's network filter as a searchable combobox over every published network
 * (/api/v1/networks/?q=): the server renders a <select> of the biggest ones, which stays the
 * form's field (and the page's filter without JavaScript); the combobox, put in its place,
 * finds any other by name and adds it to the select when chosen. */

import { getJSON, withParams } from "./api.js";
import { combobox } from "./combobox.js";
import { el } from "./dom.js";
import { gettext as _, interpolate } from "./i18n.js";

/* Makes `network` ({slug, name}) a choice of the select, if it is not one already. */
export function addNetworkOption(select, network) {
  if (!select || [...select.options].some((o) => o.value === network.slug)) return;
  select.append(new Option(network.name, network.slug)); // text, never HTML
}

/* What the combobox's box shows for the select's value: the chosen option's name, or
 * nothing for "all networks" (the empty value). Pure but for reading the select. */
export function chosenName(select) {
  const option = select.selectedOptions[0];
  return option && option.value ? option.textContent.trim() : "";
}

export function memberCount(count) {
  return count === 1 ? _("1 membre") : interpolate(_("%s membres"), [count]);
}

export function setupNetworkCombobox({ select, label, networksUrl }) {
  if (!select || !networksUrl) return null;
  const input = el("input", {
    id: "network-input", type: "text", class: "form-control", autocomplete: "off", role: "combobox",
    "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": "network-results",
    placeholder: _("Tous les réseaux"),
  });
  const listbox = el("ul", { id: "network-results", role: "listbox", class: "search-results", hidden: true,
    "aria-label": _("Réseaux trouvés") });
  select.before(el("div", { class: "search network-combobox" }, input, listbox));
  select.hidden = true;
  select.style.display = "none"; // .form-select's display: block would beat [hidden]
  if (label) label.htmlFor = input.id;

  const sync = () => { input.value = chosenName(select); };
  function choose(value) {
    select.value = value;
    sync();
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }

  combobox({
    input,
    listbox,
    idPrefix: "network-result",
    emptyText: _("Aucun réseau de ce nom"),
    minLength: 1,
    search: async (text) => {
      const params = new URLSearchParams({ q: text, page_size: "10" });
      return (await getJSON(withParams(networksUrl, params))).results;
    },
    render: (network) => [el("strong", {}, network.name), ` — ${memberCount(network.member_count)}`],
    choose: (network) => { addNetworkOption(select, network); choose(network.slug); },
  });
  // Emptied: every network again. The box's own change events are not the form's.
  input.addEventListener("input", () => { if (!input.value.trim() && select.value) choose(""); });
  input.addEventListener("change", (event) => event.stopPropagation());
  input.addEventListener("blur", () => setTimeout(() => { if (document.activeElement !== input) sync(); }, 200));
  // The select also changes under the combobox: a reset, a network chosen from the search box.
  select.form?.addEventListener("change", sync);
  select.form?.addEventListener("reset", () => setTimeout(sync));
  sync();
  return { input, sync };
}
