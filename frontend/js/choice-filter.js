/* A long list of checkboxes made searchable: typing hides the choices that do not match
 * (accents and case ignored) and the chosen ones are named below the box. */

import { gettext as _, interpolate } from "./i18n.js";

export function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
}

export function matches(label, query) {
  return fold(label).includes(fold(query));
}

export function setupChoiceFilter({ box, input, list, chosen }) {
  if (!box || !input || !list) return;
  box.hidden = false;
  const items = [...list.querySelectorAll("li")].filter((li) => li.querySelector("input"));
  function sayChosen() {
    const names = items.filter((li) => li.querySelector("input").checked).map((li) => li.textContent.trim());
    chosen.textContent = names.length ? interpolate(_("Choisis : %s"), [names.join(", ")]) : "";
  }
  input.addEventListener("input", () => {
    for (const li of items) li.hidden = !matches(li.textContent, input.value);
  });
  list.addEventListener("change", sayChosen);
  sayChosen();
}
