"""The formats of the read API. The views build their payloads themselves (GeoJSON comes
out of PostgreSQL as text); renderers serve content negotiation, error bodies and the schema."""

import json

from rest_framework.renderers import BaseRenderer, JSONRenderer


class GeoJSONRenderer(JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


class PlainJSONRenderer(JSONRenderer):
    """`Accept: application/json` gets GeoJSON too, labelled as plain JSON."""

    format = "json"


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, (str, bytes)) else json.dumps(data)


FEATURE_RENDERERS = [GeoJSONRenderer, PlainJSONRenderer, CSVRenderer, JSONLDRenderer]
