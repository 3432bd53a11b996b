"""The whole published dataset, streamed: a server-side cursor feeds the response chunk by
chunk, so memory stays flat whatever the number of initiatives."""

import json

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema

from api.formats import CSVWriter
from api.negotiation import ExtensionNegotiation
from api.renderers import CSVRenderer, GeoJSONRenderer
from api.schema import READ_ERRORS, READ_HEADERS
from api.views.base import SEP_PARAMETER, DatasetReadView, csv_separator
from initiatives.dataset import dataset_settings
from initiatives.models import Initiative
from initiatives.selectors import iter_feature_chunks


def geojson_stream(queryset, request):
    licence = dataset_settings()
    yield (
        '{"type":"FeatureCollection","name":"initiatives",'
        f'"license":{json.dumps(licence["license"])},'
        f'"license_url":{json.dumps(licence["license_url"])},'
        f'"attribution":{json.dumps(licence["attribution"], ensure_ascii=False)},'
        '"features":['
    )
    separator = ""
    for chunk in iter_feature_chunks(queryset):
        yield separator + ",".join(chunk)
        separator = ","
    yield "]}"


def csv_stream(queryset, request):
    writer = CSVWriter(csv_separator(request))
    started = False
    for chunk in iter_feature_chunks(queryset):
        started = True
        yield writer.chunk(json.loads(f) for f in chunk)
    if not started:
        yield writer.chunk([])


class ExportView(DatasetReadView):
    content_negotiation_class = ExtensionNegotiation
    queryset = Initiative.objects.published().order_by("id")
    extra_parameters = set()
    cache_max_age = 300

    def build(self, request):
        stream = self.stream(self.get_queryset(), request)
        response = StreamingHttpResponse(stream, content_type=f"{self.content_type}; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        return response


@extend_schema(parameters=READ_HEADERS, responses={(200, "application/geo+json"): OpenApiTypes.OBJECT, **READ_ERRORS})
class GeoJSONExport(ExportView):
    """Every published initiative as one GeoJSON FeatureCollection, streamed."""

    renderer_classes = [GeoJSONRenderer]
    content_type = "application/geo+json"
    filename = "carte-des-reseaux.geojson"
    stream = staticmethod(geojson_stream)


@extend_schema(parameters=[SEP_PARAMETER, *READ_HEADERS], responses={(200, "text/csv"): OpenApiTypes.STR, **READ_ERRORS})
class CSVExport(ExportView):
    """Every published initiative as CSV (UTF-8, one row each), streamed."""

    renderer_classes = [CSVRenderer]
    extra_parameters = {"sep"}
    content_type = "text/csv"
    filename = "carte-des-reseaux.csv"
    stream = staticmethod(csv_stream)
