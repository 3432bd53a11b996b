"""Formats of the OGC resources: chosen by `?f=` (the OGC API convention) or else by the
Accept header. Browsers get HTML, clients such as GDAL and OWSLib get JSON."""

from types import SimpleNamespace

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer


class OGCNegotiation(DefaultContentNegotiation):
    settings = SimpleNamespace(URL_FORMAT_OVERRIDE="f")

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except Http404:
            formats = ", ".join(sorted({r.format for r in renderers}))
            raise ValidationError({"f": [_("Format inconnu. Formats possibles : %s.") % formats]})


class HTMLPage(BaseRenderer):
    """Negotiation only: the views render their templates themselves."""

    media_type = "text/html"
    format = "html"


class GeoJSON(JSONRenderer):
    media_type = "application/geo+json"
    format = "json"


class PlainJSON(JSONRenderer):
    format = "json"


class OpenAPIJSON(JSONRenderer):
    # Without its `version` parameter: DRF would not match it against `*/*`. The view sends it.
    media_type = "application/vnd.oai.openapi+json"
    format = "json"


class SchemaJSON(JSONRenderer):
    media_type = "application/schema+json"
    format = "json"


METADATA = [PlainJSON, HTMLPage]
FEATURES = [GeoJSON, PlainJSON, HTMLPage]
