"""What a registered source must be before it is saved — the one place these rules live
(the admin's form and the model's full_clean both come here)."""

from django.conf import settings
from django.utils.translation import gettext as _

from ..imports import ImportRefused
from ..imports.fetch import check_url
from ..imports.mapping import parse
from ..imports.records import Categories

# Names that already mean something for an initiative's `source`.
RESERVED = ("contribution",)


def source_errors(source):
    """{field: message} for a Source that cannot be registered (empty when it can)."""
    errors = {}
    if source.name.strip().lower() in (*RESERVED, settings.REPUBLISH_SOURCE_NAME.lower()):
        errors["name"] = _("Ce nom est réservé : choisissez le nom du réseau dont viennent les données.")
    if source.url:
        try:
            check_url(source.url)  # no SSRF: the same rule as every fetch
        except ImportRefused as exc:
            errors["url"] = str(exc)
    if source.format and source.mapping.strip():
        try:
            Categories(parse(source.format, source.mapping))  # themes and networks it names exist
        except ImportRefused as exc:
            errors["mapping"] = str(exc)
    return errors
