from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation


class FormatParameterNegotiation(DefaultContentNegotiation):
    """An unknown or empty `?format=` is a 400 that names the parameter, not DRF's bare 404
    (nor, when empty, the default format)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        formats = ", ".join(r.format for r in renderers)
        if request.query_params.get("format") == "":  # DRF would read it as no format at all
            raise ValidationError({"format": [_("Format vide. Formats possibles : %s.") % formats]})
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except Http404:
            raise ValidationError({"format": [_("Format inconnu. Formats possibles : %s.") % formats]})


class ExtensionNegotiation(DefaultContentNegotiation):
    """The export URLs name their format (.geojson, .csv): the Accept header does not matter."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
