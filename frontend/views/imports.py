"""The moderators' import page: a file or a URL, a format and a mapping, the dry-run report,
then a confirmation that runs the same import for real (initiatives/imports/).

Between the report and the confirmation the source's bytes wait in a staging file named by a
random token kept in the session, so that what is applied is exactly what was shown (a URL
is not fetched twice)."""

import secrets
import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _, gettext_lazy

from initiatives import permissions
from initiatives.imports import FORMATS, ImportRefused, read_source, run_import

SESSION_KEY = "import_staging"
SHOWN_ROWS = 500  # the report on the page; the counts cover every row


class ImportForm(forms.Form):
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=[(f, f) for f in FORMATS])
    source = forms.CharField(label=gettext_lazy("Nom de la source"), max_length=100, required=False,
                             help_text=gettext_lazy("Par défaut : le format. Les réimportations se reconnaissent par ce nom."))  # fmt: skip
    url = forms.URLField(label=gettext_lazy("Adresse web"), required=False, assume_scheme="https")
    file = forms.FileField(label=gettext_lazy("ou fichier"), required=False)
    mapping = forms.FileField(label=gettext_lazy("Correspondance (YAML, facultative)"), required=False)
    skip_invalid = forms.BooleanField(label=gettext_lazy("Importer les lignes valides malgré des lignes invalides"), required=False)
    accept_duplicates = forms.BooleanField(label=gettext_lazy("Créer aussi les doublons possibles"), required=False)

    def clean(self):
        data = super().clean()
        if bool(data.get("url")) == bool(data.get("file")):
            raise forms.ValidationError(_("Donnez une adresse web ou un fichier (l’un des deux)."))
        return data


def _staging_dir():
    path = Path(settings.IMPORT_STAGING_DIR or tempfile.gettempdir()) / "carte-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


@login_required
def import_page(request):
    if not permissions.is_moderator(request.user):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("action") == "apply":
        return _apply(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        try:
            context.update(_preview(request, form.cleaned_data))
        except ImportRefused as exc:
            context["error"] = str(exc)
    status = 400 if context.get("error") or (request.method == "POST" and not form.is_valid()) else 200
    return render(request, "frontend/imports.html", context, status=status)


def _preview(request, data):
    if data["file"]:
        if data["file"].size > settings.IMPORT_MAX_BYTES:
            raise ImportRefused(_("Fichier trop gros."))
        content = data["file"].read()
    else:
        content = read_source(data["url"])
    token = secrets.token_hex(16)
    staging = _staging_dir()
    (staging / f"{token}.data").write_bytes(content)
    mapping_path = None
    if data["mapping"]:
        mapping_path = staging / f"{token}.yaml"
        mapping_path.write_bytes(data["mapping"].read())
    options = {"format": data["format"], "source": data["source"] or None,
               "skip_invalid": data["skip_invalid"], "accept_duplicates": data["accept_duplicates"]}  # fmt: skip
    report = run_import(content, mapping_path=mapping_path, **options)
    request.session[SESSION_KEY] = {"token": token, "mapping": bool(mapping_path), **options}
    return {"report": report, "rows": report.rows[:SHOWN_ROWS], "token": token}


def _apply(request):
    staged = request.session.pop(SESSION_KEY, None)
    context = {"form": ImportForm()}
    if not staged or request.POST.get("token") != staged["token"]:
        context["error"] = _("Ce rapport a expiré ou a déjà été appliqué : relancez la simulation.")
        return render(request, "frontend/imports.html", context, status=400)
    staging = _staging_dir()
    data_path, mapping_path = staging / f"{staged['token']}.data", staging / f"{staged['token']}.yaml"
    try:
        report = run_import(data_path.read_bytes(), format=staged["format"], source=staged["source"],
                            mapping_path=mapping_path if staged["mapping"] else None,
                            skip_invalid=staged["skip_invalid"], accept_duplicates=staged["accept_duplicates"],
                            apply=True)  # fmt: skip
        context.update(report=report, rows=report.rows[:SHOWN_ROWS])
    except (ImportRefused, OSError) as exc:
        context["error"] = str(exc)
    finally:
        data_path.unlink(missing_ok=True)
        mapping_path.unlink(missing_ok=True)
    return render(request, "frontend/imports.html", context, status=400 if "error" in context else 200)
