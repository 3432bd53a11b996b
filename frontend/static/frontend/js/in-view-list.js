/* The list of what is in view: the map's alternative for screen readers and keyboards. */

import { el } from "./dom.js";
import { gettext as _, interpolate } from "./i18n.js";

export function listStatus(shown, more) {
  if (shown === 0) return _("Aucune initiative dans cette vue.");
  return more ? interpolate(_("Les %s premières initiatives de la vue :"), [shown])
    : interpolate(_("%s initiatives dans la vue :"), [shown]);
}

export function createInViewList({ list, status, pageLink }) {
  return {
    show(body) {
      if (!list) return;
      list.replaceChildren(...body.features.map((f) => el("li", {},
        pageLink(f.properties, f.properties.name), f.properties.commune ? ` — ${f.properties.commune}` : "")));
      const more = (body.links || []).some((link) => link.rel === "next");
      this.say(listStatus(body.features.length, more));
    },
    say(text) {
      if (status) status.textContent = text;
    },
  };
}
