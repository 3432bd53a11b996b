/* The panel's filter form and the map's state, both ways. A select holds one value, a link may
 * ask for several (?network=a&network=b, or a region and a department): they show as one extra
 * option naming them all, kept until another option is chosen in that select. */

import { territoryState, territoryValues } from "./url-state.js";

const LIST_FILTERS = ["theme", "kind"];
export const SEVERAL = "several";

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

export function readForm(form, state) {
  const data = new FormData(form);
  for (const name of LIST_FILTERS) state[name] = data.getAll(name);
  state.transitive = data.get("transitive") === "true";
  const network = data.get("network") || "";
  if (network !== SEVERAL) state.network = network ? [network] : [];
  const territory = data.get("territory") || "";
  if (territory !== SEVERAL) Object.assign(state, territoryState(territory));
}

export function fillForm(form, state) {
  for (const name of LIST_FILTERS) {
    const wanted = new Set(state[name] || []);
    form.querySelectorAll(`input[name="${name}"]`).forEach((box) => { box.checked = wanted.has(box.value); });
  }
  selectValues(form.elements.network, state.network || []);
  form.elements.transitive.checked = !!state.transitive;
  selectValues(form.elements.territory, territoryValues(state));
  form.elements.q.value = state.q || "";
}
