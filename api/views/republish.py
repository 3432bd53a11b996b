"""Our published initiatives in other networks' formats (initiatives/republish.py), streamed,
with the same conditional GET as every read endpoint."""

from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.renderers import JSONRenderer

from api.schema import READ_ERRORS, READ_HEADERS
from api.views.base import DatasetReadView, representation_hash
from initiatives import provenance, republish


class RepublishView(DatasetReadView):
    renderer_classes = [JSONRenderer]
    extra_parameters = set()
    cache_max_age = 300

    def etag(self, request, dataset):
        """The records carry their source's licence and last sync, which move without the dataset."""
        return '"%s-%s"' % (representation_hash(request, dataset), provenance.sources_state())

    def build(self, request):
        response = StreamingHttpResponse(self.stream(), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        return response


@extend_schema(parameters=READ_HEADERS, responses={(200, "application/json"): {"type": "array", "items": {"type": "object"}}, **READ_ERRORS})
class DataInclusionExport(RepublishView):
    """Every published initiative as a data·inclusion `structure` (schema v1), in one JSON list."""

    filename = "carte-des-reseaux.structures.json"
    stream = staticmethod(republish.data_inclusion_stream)


@extend_schema(parameters=READ_HEADERS, responses={(200, "application/json"): OpenApiTypes.OBJECT, **READ_ERRORS})
class GoGoCartoExport(RepublishView):
    """Every published, located initiative as GoGoCarto elements ("gogofull" JSON)."""

    filename = "carte-des-reseaux.gogocarto.json"
    stream = staticmethod(republish.gogocarto_stream)
