from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from django_filters.utils import translate_validation
from rest_framework.exceptions import ValidationError

from api.filters import InitiativeFilter
from api.renderers import GeoJSONRenderer, PlainJSONRenderer
from api.schema import READ_ERRORS, READ_HEADERS
from api.views.base import DatasetReadView
from api.views.initiatives import feature_response
from initiatives.models import Initiative
from initiatives.selectors import clustered_features

MAX_ZOOM = 22


class CellFilter(InitiativeFilter):
    """The API's filters, but `bbox` picks whole cells (read by the selector), not points."""

    def filter_bbox(self, queryset, name, value: str):
        return queryset

    def narrows(self):
        """Whether any filter but `bbox` is set (the map's search, a theme…)."""
        return any(value not in (None, "", []) for name, value in self.form.cleaned_data.items()
                   if name != "bbox")  # fmt: skip


class ClusterList(DatasetReadView):
    """What the map shows at a zoom level: clusters built in PostGIS where initiatives are
    dense, the initiatives themselves where they are alone in their cell."""

    queryset = Initiative.objects.published().order_by("id")
    filterset_class = CellFilter
    filter_backends = [DjangoFilterBackend]
    renderer_classes = [GeoJSONRenderer, PlainJSONRenderer]
    extra_parameters = {"format", "zoom"}

    @extend_schema(
        operation_id="clusters_list", filters=True,
        parameters=[OpenApiParameter("zoom", {"type": "integer", "minimum": 0, "maximum": MAX_ZOOM}, required=True,
                                     description=f"map zoom, 0–{MAX_ZOOM}"), *READ_HEADERS],
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description=(
            "FeatureCollection: initiative Features, and cluster Features whose properties "
            "are {cluster: true, count, bbox, town} (town: the commune of the published "
            "initiative nearest the cluster's centre, or null)")), **READ_ERRORS},
    )  # fmt: skip
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def build(self, request):
        try:
            zoom = int(request.query_params["zoom"])
        except (KeyError, ValueError):
            zoom = -1
        if not 0 <= zoom <= MAX_ZOOM:
            raise ValidationError({"zoom": [_("Entier entre 0 et %d attendu.") % MAX_ZOOM]})
        features = view_features(request.query_params, zoom=zoom, dataset=self.dataset, request=request)
        return feature_response(request, features, layer="clusters")


def view_features(data, *, zoom, dataset, cells=None, request=None):
    """The clusters API's Features for the filters and bbox in `data` (or the `cells` named,
    frontend/views/map.py's first view) at `zoom`. Raises ValidationError on a bad filter."""
    filterset = CellFilter(data, queryset=Initiative.objects.published().order_by("id"), request=request)
    if not filterset.is_valid():
        raise translate_validation(filterset.errors)
    return clustered_features(
        filterset.qs, zoom=zoom, bbox=filterset.form.cleaned_data.get("bbox"), cells=cells,
        dataset=None if filterset.narrows() else dataset,
    )  # fmt: skip
