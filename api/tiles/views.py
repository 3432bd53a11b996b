"""Vector tiles for partners' maps and GIS users: built by PostGIS (initiatives.tiles), filtered
like the API (theme, network, kind, department, region, q…), cached like it (ETag from the
dataset version, 304 after one query, public Cache-Control, CORS open)."""

from urllib.parse import urlencode

from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import NotFound
from rest_framework.renderers import BaseRenderer, JSONRenderer

from api.filters import InitiativeFilter
from api.negotiation import ExtensionNegotiation
from api.views.base import DatasetReadView
from initiatives.dataset import dataset_settings
from initiatives.models import Initiative
from initiatives.tiles import CLUSTERS_UNTIL_ZOOM, MAX_ZOOM, MERCATOR_MAX_LAT, initiatives_tile, tile_exists

TILEJSON_MAX_ZOOM = 16  # beyond, clients draw the z16 tile larger (the points do not move)


class MVTRenderer(BaseRenderer):
    media_type = "application/vnd.mapbox-vector-tile"
    format = "mvt"


class TileReadView(DatasetReadView):
    queryset = Initiative.objects.published().order_by("id")
    filterset_class = InitiativeFilter
    filter_backends = [DjangoFilterBackend]
    content_negotiation_class = ExtensionNegotiation
    extra_parameters = set()
    schema = None  # described in the README and by the TileJSON, not in /api/v1/schema/


class Tile(TileReadView):
    renderer_classes = [MVTRenderer]

    def get(self, request, z, x, y):
        # Out of the zoom's range: a 404 before any query, also for a conditional request.
        if z > MAX_ZOOM:
            raise NotFound(_("Pas de tuile au-delà du zoom %d.") % MAX_ZOOM)
        if not tile_exists(z, x, y):
            raise NotFound(_("Pas de tuile %(z)d/%(x)d/%(y)d : à ce zoom, x et y vont de 0 à %(max)d.")
                           % {"z": z, "x": x, "y": y, "max": 2**z - 1})  # fmt: skip
        return super().get(request, z, x, y)

    def build(self, request, z, x, y):
        # Without filters the queryset is every published initiative: stored cells may answer.
        dataset = None if request.query_params else self.dataset
        tile = initiatives_tile(self.filter_queryset(self.get_queryset()), z, x, y, dataset=dataset)
        return HttpResponse(tile, content_type=MVTRenderer.media_type)


class TileJSON(TileReadView):
    """TileJSON 3.0.0: where the tiles are (with the same filters), their zooms and layers.
    A document for machines, the same in every language: its ETag need not vary with it."""

    renderer_classes = [JSONRenderer]

    def build(self, request):
        self.filter_queryset(self.get_queryset())  # a bad filter is a 400 here too
        query = f"?{urlencode(request.query_params, doseq=True)}" if request.query_params else ""
        template = request.build_absolute_uri(reverse("tiles:tile", args=[0, 0, 0])).replace("/0/0/0.mvt", "/{z}/{x}/{y}.mvt")
        licence = dataset_settings()
        common = {"slug": "String", "name": "String", "kind": "String", "id": "Number"}
        document = {
            "tilejson": "3.0.0",
            "name": "Carte des réseaux",
            "version": "1.0.0",
            "scheme": "xyz",
            "tiles": [template + query],
            "minzoom": 0,
            "maxzoom": TILEJSON_MAX_ZOOM,
            "bounds": [-180, -MERCATOR_MAX_LAT, 180, MERCATOR_MAX_LAT],
            "center": [2.4, 46.6, 5],
            "attribution": licence["attribution"],
            "vector_layers": [
                {"id": "clusters", "minzoom": 0, "maxzoom": CLUSTERS_UNTIL_ZOOM,
                 "description": "clusters: `count` initiatives; `id`, `slug`, `name`, `kind` when count = 1",
                 "fields": {"count": "Number", **common}},
                {"id": "initiatives", "minzoom": CLUSTERS_UNTIL_ZOOM + 1, "maxzoom": TILEJSON_MAX_ZOOM,
                 "description": "initiatives; `themes`: theme slugs, comma-separated, in legend order",
                 "fields": {**common, "commune": "String", "themes": "String"}},
            ],
        }  # fmt: skip
        return JsonResponse(document, json_dumps_params={"ensure_ascii": False})
