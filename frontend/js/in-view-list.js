/* The list of what is in view: the map's alternative for screen readers and keyboards. It is
 * built from the same answer as the markers (one request per view change): the initiatives
 * shown one by one, by name, then the groups, each a button that zooms to it. */

import { el } from "./dom.js";
import { gettext as _, interpolate } from "./i18n.js";
import { clusterName } from "./markers.js";

export const LIST_LIMIT = 100;

export function listStatus(total, listed) {
  if (total === 0) return _("Aucune initiative dans cette vue.");
  return listed < total ? interpolate(_("%s initiatives dans la vue, dont celles-ci :"), [total])
    : interpolate(_("%s initiatives dans la vue :"), [total]);
}

/* The collator of names, made once and only when two names need ordering: the page's first
 * Intl.Collator loads the locale's collation data (10–20 ms of main thread). */
let nameOrder = null;
const nameCollator = () => (nameOrder ??= new Intl.Collator("fr"));

/* What the list shows for the features in view: singles by name (at most LIST_LIMIT), groups
 * by size, and the total they stand for. Pure. */
export function listContent(features) {
  const singles = features.filter((f) => !f.properties.cluster);
  if (singles.length > 1) singles.sort((a, b) => nameCollator().compare(a.properties.name, b.properties.name));
  const groups = features.filter((f) => f.properties.cluster)
    .sort((a, b) => b.properties.count - a.properties.count);
  const total = singles.length + groups.reduce((sum, f) => sum + f.properties.count, 0);
  return { singles: singles.slice(0, LIST_LIMIT), groups, total };
}

export function createInViewList({ list, status, pageLink, lang = "fr" }) {
  function say(text) {
    if (status) status.textContent = text;
  }
  return {
    say,
    /* onGroup(feature): what choosing a group does (zoom to it, or list a same-place group). */
    show(features, { inView, onGroup, isSamePlace }) {
      if (!list) return;
      const { singles, groups, total } = listContent(features.filter(inView));
      list.replaceChildren(
        ...singles.map((f) => el("li", {}, pageLink(f.properties, f.properties.name),
          f.properties.commune ? ` — ${f.properties.commune}` : "")),
        ...groups.map((f) => {
          const button = el("button", { type: "button", className: "link-button" },
            clusterName(f.properties.count, isSamePlace(f), lang, f.properties.town));
          button.addEventListener("click", () => onGroup(f));
          return el("li", { className: "group" }, button);
        }),
      );
      say(listStatus(total, singles.length + groups.reduce((sum, f) => sum + f.properties.count, 0)));
    },
  };
}
