/* The last step's summary of what will be sent, read from the form (text nodes only). */

import { el } from "./dom.js";
import { gettext as _ } from "./i18n.js";

function labelled(form, name) {
  return [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((box) => box.closest("label").textContent.trim());
}

export function review(form, list) {
  if (!list) return;
  const value = (name) => (form.elements[name] ? form.elements[name].value.trim() : "");
  const scope = form.elements.scope;
  const rows = [
    [_("Nom"), value("name")],
    [_("Nature"), labelled(form, "kind").join("")],
    [_("Portée géographique"), scope && scope.value ? scope.selectedOptions[0].textContent : ""],
    [_("Où"), document.getElementById("position-text")?.textContent || ""],
    [_("Thèmes"), labelled(form, "themes").join(", ")],
    [_("Réseaux"), labelled(form, "networks").join(", ")],
    [_("Site web"), value("website")],
  ];
  list.replaceChildren(...rows.flatMap(([term, text]) => [el("dt", {}, term), el("dd", {}, text || _("(non renseigné)"))]));
  list.hidden = false;
}
