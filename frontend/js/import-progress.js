/* The import page while it waits: the file's size checked before it is sent, then how many
 * rows the server has read, polled from the note it keeps (frontend/views/imports.py). */

import { gettext as _, interpolate } from "./i18n.js";

const POLL_MS = 1000;

function newProgressId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/* The text shown for a note {rows, read} of the server. */
export function progressText(note, lang = "fr") {
  const rows = note.rows.toLocaleString(lang);
  return note.read
    ? interpolate(_("%s lignes lues ; vérification et écriture…"), [rows])
    : interpolate(_("%s lignes lues…"), [rows]);
}

function tooBig(form) {
  const limit = Number(form.dataset.maxBytes);
  const file = form.querySelector('input[type="file"][name="file"]')?.files?.[0];
  return limit && file && file.size > limit ? limit : 0;
}

export function watchImportForms(root = document) {
  const status = root.querySelector(".import-progress");
  if (!status) return;
  const urlTemplate = status.dataset.urlTemplate;
  const lang = root.documentElement?.lang || "fr";
  for (const form of root.querySelectorAll("form.import-step")) {
    form.addEventListener("submit", (event) => {
      const limit = tooBig(form);
      if (limit) {
        event.preventDefault();
        status.hidden = false;
        status.textContent = interpolate(_("Fichier trop gros : %s Mo au plus sur cette page."), [
          Math.max(1, Math.floor(limit / (1024 * 1024))),
        ]);
        return;
      }
      const id = newProgressId();
      form.querySelector('input[name="progress"]').value = id;
      status.hidden = false;
      status.textContent = _("Import en cours…");
      const url = urlTemplate.replace(/0{32}/, id);
      const poll = async () => {
        try {
          const response = await fetch(url, { headers: { Accept: "application/json" } });
          if (response.ok) status.textContent = progressText(await response.json(), lang);
        } catch {
          /* the page is leaving, or the server is busy: the next poll says more */
        }
        setTimeout(poll, POLL_MS);
      };
      setTimeout(poll, POLL_MS);
    });
  }
}
