"""The baseline: what the read endpoint would be with djangorestframework-gis serializing
model instances in Python (api.serializers.InitiativeFeatureSerializer, the reference the
stored Features are tested against). Same queryset, same filters, same page size."""

import functools

from django.http import HttpResponse
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.generics import ListAPIView
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework_gis.pagination import GeoJsonPagination

from api.filters import InitiativeFilter
from api.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from api.serializers import InitiativeFeatureSerializer
from initiatives.models import Initiative


class BaselinePagination(GeoJsonPagination):
    page_size = DEFAULT_PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE


class DrfGisInitiativeList(ListAPIView):
    """/bench/drf-gis/initiatives/: the counterpart of /api/v1/initiatives/."""

    authentication_classes = []
    permission_classes = [AllowAny]
    content_negotiation_class = DefaultContentNegotiation
    renderer_classes = [JSONRenderer]
    serializer_class = InitiativeFeatureSerializer
    queryset = InitiativeFeatureSerializer.prefetch(Initiative.objects.published().order_by("id"))
    filter_backends = [DjangoFilterBackend]
    filterset_class = InitiativeFilter
    pagination_class = BaselinePagination


class DrfGisExport(DrfGisInitiativeList):
    """/bench/drf-gis/export/: the counterpart of /api/v1/export.geojson (no pagination,
    everything serialized in memory, as a plain ListAPIView does)."""

    filter_backends = []
    pagination_class = None


@functools.lru_cache(maxsize=4)
def _filler(size):
    return b" " * size


def same_bytes(request, size):
    """/bench/bytes/<size>/: `size` bytes held in memory, through the whole middleware stack
    and no query: what gunicorn and Django cost for a body that size before any work."""
    return HttpResponse(_filler(size), content_type="application/geo+json")
