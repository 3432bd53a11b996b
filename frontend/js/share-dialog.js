/* Share or embed this view: a link, an iframe snippet and the GeoJSON feed of its filters. */

import { gettext as _ } from "./i18n.js";

export function iframeSnippet(src, title) {
  const attr = (text) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  return `<iframe src="${attr(src)}" title="${attr(title)}" width="100%" height="500" style="border:0" loading="lazy"></iframe>`;
}

export function setupShareDialog({ buttons, dialog, urls, current }) {
  if (!dialog) return;
  const field = (id) => dialog.querySelector(`#${id}`);
  function fill() {
    const { page, filters } = current();
    field("share-link").value = `${urls.homeUrl}?${page}`;
    field("share-iframe").value = iframeSnippet(`${urls.embedUrl}?${page}`, _("Carte des réseaux"));
    field("share-geojson").value = `${urls.apiUrl}?${filters}`;
  }
  for (const button of buttons) {
    if (button) button.addEventListener("click", () => { fill(); dialog.showModal(); });
  }
}
