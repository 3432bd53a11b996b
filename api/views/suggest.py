"""/api/v1/suggest/?q=: what the map's search box text names in the map's own words — places
to move to (regions, departments, towns, typos forgiven), themes and networks to filter by,
and the filters the whole text means ("communs bretagne" → theme Communs, region 53). The
reading is initiatives.place_search's; this view validates and shapes it."""

from dataclasses import asdict

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from api.schema import READ_ERRORS, READ_HEADERS
from api.views.base import DatasetReadView
from initiatives import place_search


class SuggestParameters(serializers.Serializer):
    # Not trimmed: the schema's minLength counts every character (the reading ignores spaces).
    q = serializers.CharField(
        min_length=2, max_length=100, trim_whitespace=False,
        help_text="what was typed: a region, a department (name or code), a town, a postal code, a theme, a network…",
    )  # fmt: skip
    limit = serializers.IntegerField(min_value=1, max_value=10, default=5, help_text="per list, 1–10, default 5")


PLACE_DOC = {"type": "object", "properties": {
    "kind": {"type": "string", "enum": ["region", "department", "commune"]},
    "code": {"type": "string", "description": "INSEE code"},
    "name": {"type": "string"}, "label": {"type": "string", "description": "what to show in a list"},
    "bbox": {"type": "array", "items": {"type": "number"}, "nullable": True,
             "description": "a region or department: [west, south, east, north] of its towns' centres"},
    "lon": {"type": "number", "nullable": True, "description": "a town: its centre"},
    "lat": {"type": "number", "nullable": True}}}  # fmt: skip
NAMED = {"type": "object", "properties": {"slug": {"type": "string"}, "name": {"type": "string"}}}
THEME_DOC = {"type": "object", "properties": {"slug": {"type": "string"}, "name_fr": {"type": "string"},
                                               "name_en": {"type": "string"}}}  # fmt: skip
CODES = {"type": "array", "items": {"type": "string"}}
SUGGESTIONS_DOC = {"type": "object", "properties": {
    "places": {"type": "array", "items": PLACE_DOC, "description": "named territories first, then towns"},
    "themes": {"type": "array", "items": THEME_DOC},
    "networks": {"type": "array", "items": NAMED, "description": "published networks with a name close to the text"},
    "filters": {"type": "object", "description": "the map filters the whole text means",
                "properties": {"theme": CODES, "region": CODES, "department": CODES,
                               "q": {"type": "string", "description": "the words left to search initiatives for"}}}}}  # fmt: skip


class Suggest(DatasetReadView):
    """Places, themes and networks named by a search text, and the map filters it means: a
    region, a department (name or code), a town or a postal code ("29600"), a small typo in a
    town ("brst" → Brest), a theme and a territory together ("communs bretagne")."""

    renderer_classes = [JSONRenderer]
    extra_parameters = {"format", "q", "limit"}

    @extend_schema(operation_id="suggest", parameters=[SuggestParameters, *READ_HEADERS],
                   responses={200: OpenApiResponse(SUGGESTIONS_DOC), **READ_ERRORS})  # fmt: skip
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def check_parameters(self, request):
        super().check_parameters(request)
        checked = SuggestParameters(data=request.query_params)
        checked.is_valid(raise_exception=True)
        self.params = checked.validated_data

    def build(self, request):
        found = place_search.suggest(self.params["q"], limit=self.params["limit"])
        return Response({
            "places": [asdict(place) for place in found.places],
            "themes": [{"slug": t.slug, "name_fr": t.name_fr, "name_en": t.name_en} for t in found.themes],
            "networks": found.networks,
            "filters": found.filters,
        })  # fmt: skip
