"""The moderators' import page: a file or a URL, a format and a mapping, the dry-run report
(its first rows also on a small map), then a confirmation that runs the same import for real
(initiatives/imports/).

Between the report and the confirmation the source's bytes wait in a staging file named by a
random token kept in the session, so that what is applied is exactly what was shown (a URL
is not fetched twice). An upload is copied there chunk by chunk and the import streams it.

A long import reports how far it has read in a small file named by an id that the page's
script chose; the script polls import_progress while the page waits for the answer."""

import json
import re
import secrets
import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _, gettext_lazy

from initiatives import permissions
from initiatives.imports import FORMATS, ImportRefused, read_source, run_import

from ..maps import compose_map, map_parts

SESSION_KEY = "import_staging"
SHOWN_ROWS = 500  # the report on the page; the counts cover every row
MAPPED_ROWS = 200  # the report's first rows placed on its map
PROGRESS_EVERY = 500  # rows between two progress notes
PROGRESS_ID = re.compile(r"^[0-9a-f]{32}$")


class ImportForm(forms.Form):
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=[(f, f) for f in FORMATS])
    source = forms.CharField(label=gettext_lazy("Nom de la source"), max_length=100, required=False,
                             help_text=gettext_lazy("Par défaut : le format. Les réimportations se reconnaissent par ce nom."))  # fmt: skip
    url = forms.URLField(label=gettext_lazy("Adresse web"), required=False, assume_scheme="https")
    file = forms.FileField(label=gettext_lazy("ou fichier"), required=False)
    mapping = forms.FileField(label=gettext_lazy("Correspondance (YAML, facultative)"), required=False)
    skip_invalid = forms.BooleanField(label=gettext_lazy("Importer les lignes valides malgré des lignes invalides"), required=False)
    accept_duplicates = forms.BooleanField(label=gettext_lazy("Créer aussi les doublons possibles"), required=False)
    progress = forms.RegexField(regex=PROGRESS_ID, required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if bool(data.get("url")) == bool(data.get("file")):
            raise forms.ValidationError(_("Donnez une adresse web ou un fichier (l’un des deux)."))
        return data


def _staging_dir():
    path = Path(settings.IMPORT_STAGING_DIR or tempfile.gettempdir()) / "carte-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _progress_path(progress_id):
    return _staging_dir() / f"progress-{progress_id}.json"


def _progress(progress_id):
    """The rows' wrapper run_import takes: notes every PROGRESS_EVERY rows how many were read,
    and when reading is over (checks and writes follow), for import_progress to tell."""

    def note(rows, done=False):
        path = _progress_path(progress_id)
        draft = path.with_suffix(".draft")
        draft.write_text(json.dumps({"rows": rows, "read": done}), encoding="utf-8")
        draft.replace(path)  # whole, for a reader polling meanwhile

    def wrap(rows):
        count = 0
        note(0)
        for count, row in enumerate(rows, start=1):
            if count % PROGRESS_EVERY == 0:
                note(count)
            yield row
        note(count, done=True)

    return wrap if progress_id else (lambda rows: rows)


@login_required
def import_progress(request, progress_id):
    """How far the import the page is waiting for has read: {"rows": n, "read": bool}."""
    if not permissions.is_moderator(request.user):
        raise PermissionDenied
    if not PROGRESS_ID.match(progress_id):
        raise Http404
    try:
        return JsonResponse(json.loads(_progress_path(progress_id).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        raise Http404 from None


def _report_context(report):
    """The report's first rows for the table, and those with a position for its map."""
    placed = [
        {"lon": row.location[0], "lat": row.location[1], "status": row.status, "label": str(row.label),
         "name": row.name, "where": row.where}
        for row in report.rows[:MAPPED_ROWS] if row.location
    ]  # fmt: skip
    context = {"report": report, "rows": report.rows[:SHOWN_ROWS]}
    if placed:
        parts = map_parts(compose_map(zoom=6, locate=False))
        context.update(map=parts, map_config={"background": parts["background"], "rows": placed})
    return context


@login_required
def import_page(request):
    if not permissions.is_moderator(request.user):
        raise PermissionDenied
    progress_id = request.POST.get("progress", "")
    try:
        return _apply(request) if request.POST.get("action") == "apply" else _simulate(request)
    finally:
        if PROGRESS_ID.match(progress_id):
            _progress_path(progress_id).unlink(missing_ok=True)


def _simulate(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "max_bytes": settings.IMPORT_UPLOAD_MAX_BYTES}
    if request.method == "POST" and form.is_valid():
        try:
            context.update(_preview(request, form.cleaned_data))
        except ImportRefused as exc:
            context["error"] = str(exc)
    status = 400 if context.get("error") or (request.method == "POST" and not form.is_valid()) else 200
    return render(request, "frontend/imports.html", context, status=status)


def _preview(request, data):
    token = secrets.token_hex(16)
    staging = _staging_dir()
    data_path = staging / f"{token}.data"
    if data["file"]:
        if data["file"].size > settings.IMPORT_UPLOAD_MAX_BYTES:
            raise ImportRefused(_("Fichier trop gros : %d Mo au plus sur cette page (réglage IMPORT_UPLOAD_MAX_BYTES).")
                                % (settings.IMPORT_UPLOAD_MAX_BYTES // (1024 * 1024) or 1))  # fmt: skip
        with data_path.open("wb") as staged:
            for chunk in data["file"].chunks():
                staged.write(chunk)
    else:
        data_path.write_bytes(read_source(data["url"]))
    mapping_path = None
    if data["mapping"]:
        mapping_path = staging / f"{token}.yaml"
        mapping_path.write_bytes(data["mapping"].read())
    options = {"format": data["format"], "source": data["source"] or None,
               "skip_invalid": data["skip_invalid"], "accept_duplicates": data["accept_duplicates"]}  # fmt: skip
    try:
        with data_path.open("rb") as staged:
            report = run_import(staged, mapping_path=mapping_path, progress=_progress(data["progress"]), **options)
    except ImportRefused:
        data_path.unlink(missing_ok=True)
        raise
    request.session[SESSION_KEY] = {"token": token, "mapping": bool(mapping_path), **options}
    return {**_report_context(report), "token": token}


def _apply(request):
    staged = request.session.pop(SESSION_KEY, None)
    context = {"form": ImportForm(), "max_bytes": settings.IMPORT_UPLOAD_MAX_BYTES}
    if not staged or request.POST.get("token") != staged["token"]:
        context["error"] = _("Ce rapport a expiré ou a déjà été appliqué : relancez la simulation.")
        return render(request, "frontend/imports.html", context, status=400)
    staging = _staging_dir()
    data_path, mapping_path = staging / f"{staged['token']}.data", staging / f"{staged['token']}.yaml"
    progress_id = request.POST.get("progress", "")
    try:
        with data_path.open("rb") as data:
            report = run_import(data, format=staged["format"], source=staged["source"],
                                mapping_path=mapping_path if staged["mapping"] else None,
                                skip_invalid=staged["skip_invalid"], accept_duplicates=staged["accept_duplicates"],
                                progress=_progress(progress_id if PROGRESS_ID.match(progress_id) else ""),
                                apply=True)  # fmt: skip
        context.update(_report_context(report))
    except (ImportRefused, OSError) as exc:
        context["error"] = str(exc)
    finally:
        data_path.unlink(missing_ok=True)
        mapping_path.unlink(missing_ok=True)
    return render(request, "frontend/imports.html", context, status=400 if "error" in context else 200)
