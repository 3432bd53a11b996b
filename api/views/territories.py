"""Regions and departments — the stages of the Tour de France des réseaux. Their INSEE codes
collide (region 53 is Bretagne, department 53 Mayenne), so the URL names the kind."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from api.schema import READ_ERRORS, READ_HEADERS
from api.views.base import DatasetReadView
from api.views.network_detail import NOT_FOUND_DOC
from initiatives import indicators
from initiatives.place_search import territory_boxes

TERRITORY_DOC = {"type": "object", "properties": {
    "kind": {"type": "string", "enum": ["region", "departement"]}, "code": {"type": "string"},
    "name": {"type": "string"}, "initiative_count": {"type": "integer"},
    "network_count": {"type": "integer", "description": "networks with published members there"},
    "seat": {"type": "object", "description": "its chef-lieu", "properties": {
        "insee": {"type": "string"}, "name": {"type": "string"}, "lon": {"type": "number"}, "lat": {"type": "number"}}},
    "url": {"type": "string"}, "api_url": {"type": "string"},
    "bbox": {"type": "array", "items": {"type": "number"}, "nullable": True,
             "description": "[west, south, east, north] of its towns' centres: where a map fits it"}}}  # fmt: skip
NAMED_COUNT = {"type": "object", "properties": {"slug": {"type": "string"}, "name": {"type": "string"},
                                               "local_members": {"type": "integer"}}}  # fmt: skip
TERRITORY_DETAIL_DOC = {"type": "object", "properties": {
    **{k: v for k, v in TERRITORY_DOC["properties"].items() if k not in ("network_count", "seat")},
    "by_kind": {"type": "object", "additionalProperties": {"type": "integer"}},
    "by_theme": {"type": "array", "items": {"type": "object"}},
    "members": {"type": "integer", "description": "initiatives here in at least one network"},
    "multi_members": {"type": "integer", "description": "initiatives here in two networks or more"},
    "multi_membership_rate": {"type": "number", "nullable": True},
    "networks": {"type": "array", "items": NAMED_COUNT, "description": "networks present, most local members first"},
    "linking_network_count": {"type": "integer", "description": "networks present here with members in other territories of the same kind"},
    "linking_networks": {"type": "array", "description": "the 20 most widespread of them",
                         "items": {**NAMED_COUNT, "properties": {**NAMED_COUNT["properties"],
                                   "territory_count": {"type": "integer"}, "elsewhere": {"description": "the five territories where it has most members",
                             "type": "array", "items": {"type": "object", "properties": {
                                 "code": {"type": "string"}, "name": {"type": "string"}, "count": {"type": "integer"}}}}}}},
}}  # fmt: skip


def _urls(request, kind, code):
    return {"url": request.build_absolute_uri(f"/territoires/{kind}/{code}/"),
            "api_url": request.build_absolute_uri(f"/api/v1/territories/{kind}/{code}/")}  # fmt: skip


class TerritoryList(DatasetReadView):
    """The 18 regions then the 101 departments, by name, with their published initiatives."""

    renderer_classes = [JSONRenderer]
    extra_parameters = {"format"}

    @extend_schema(operation_id="territories_list",
                   parameters=READ_HEADERS,
                   responses={200: OpenApiResponse({"type": "array", "items": TERRITORY_DOC}), **READ_ERRORS})  # fmt: skip
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def build(self, request):
        rows = indicators.territory_list(state=self.dataset)
        boxes = territory_boxes()
        return Response([{**row, **_urls(request, row["kind"], row["code"]),
                          "bbox": boxes.get(("region" if row["kind"] == "region" else "department", row["code"]))}
                         for row in rows])  # fmt: skip


class TerritoryDetail(DatasetReadView):
    """A region or department: its initiatives by theme and kind, the networks present and
    their local members, the local multi-membership rate, the networks linking it elsewhere."""

    renderer_classes = [JSONRenderer]
    extra_parameters = {"format"}

    @extend_schema(operation_id="territories_retrieve",
                   parameters=READ_HEADERS,
                   responses={200: OpenApiResponse(TERRITORY_DETAIL_DOC), 404: NOT_FOUND_DOC, **READ_ERRORS})  # fmt: skip
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def build(self, request, kind, code):
        try:
            data = indicators.territory_indicators(kind, code, state=self.dataset)
        except indicators.UnknownTerritory:
            raise NotFound(_("Territoire inconnu : « region » ou « departement » suivi d’un code INSEE.")) from None
        return Response({**data, **_urls(request, data["kind"], data["code"])})
