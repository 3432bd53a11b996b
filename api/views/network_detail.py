"""One network: its indicators (who is in it, where, with whom it crosses) and its members
as GeoJSON — the footprint the map draws."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from api.renderers import GeoJSONRenderer, PlainJSONRenderer
from api.schema import READ_ERRORS, READ_HEADERS
from api.views.base import DatasetReadView
from api.views.initiatives import SLUG
from initiatives import indicators
from initiatives.models import Initiative

NOT_FOUND_DOC = OpenApiResponse(OpenApiTypes.OBJECT, description='{"detail": "…"} in French')
TERRITORY_COUNT = {"type": "array", "items": {"type": "object", "properties": {
    "code": {"type": "string"}, "name": {"type": "string"}, "count": {"type": "integer"}}}}  # fmt: skip
NAMED = {"type": "object", "properties": {"slug": {"type": "string"}, "name": {"type": "string"}}}
THEME_COUNT = {"type": "array", "items": {"type": "object", "properties": {
    "slug": {"type": "string"}, "name": {"type": "string"}, "name_en": {"type": "string"},
    "colour": {"type": "string"}, "count": {"type": "integer"}}}}  # fmt: skip
NETWORK_DOC = {
    "type": "object",
    "properties": {
        "slug": {"type": "string"}, "name": {"type": "string"}, "summary": {"type": "string"},
        "scope": {"type": "string"}, "has_seat": {"type": "boolean"},
        "url": {"type": "string"}, "api_url": {"type": "string"}, "members_url": {"type": "string"},
        "direct_count": {"type": "integer", "description": "published direct members"},
        "transitive_count": {"type": "integer", "description": "members at any depth, through member networks"},
        "max_depth": {"type": "integer"},
        "placed": {"type": "integer", "description": "direct members with a position"},
        "bbox": {"type": "array", "items": {"type": "number"}, "nullable": True,
                 "description": "[west, south, east, north] of the placed direct members"},
        "transitive_placed": {"type": "integer"},
        "transitive_bbox": {"type": "array", "items": {"type": "number"}, "nullable": True},
        "multi_member_count": {"type": "integer", "description": "direct members in at least one other network"},
        "multi_membership_rate": {"type": "number", "nullable": True, "description": "multi_member_count / direct_count"},
        "member_networks": {"type": "array", "items": {**NAMED, "properties": {
            **NAMED["properties"], "member_count": {"type": "integer"}}}},
        "belongs_to": {"type": "array", "items": NAMED},
        "by_region": TERRITORY_COUNT, "by_department": TERRITORY_COUNT, "by_theme": THEME_COUNT,
        "crossings": {"type": "array", "description": "networks sharing direct members, most first",
                      "items": {**NAMED, "properties": {**NAMED["properties"], "shared": {"type": "integer"}}}},
    },
}  # fmt: skip


def published_network(slug):
    """The published network with this slug, or a JSON 404 (before any query if the slug
    cannot be one)."""
    network = None
    if len(slug) <= 120 and SLUG.fullmatch(slug):
        network = (Initiative.objects.published().networks().filter(slug=slug)
                   .only("id", "slug", "name", "summary", "scope", "location", "kind").first())  # fmt: skip
    if network is None:
        raise NotFound(_("Aucun réseau publié ne porte cet identifiant."))
    return network


class NetworkDetail(DatasetReadView):
    """A published network with its indicators: direct and transitive members, the networks
    it belongs to, counts by territory and theme, crossings, multi-membership rate."""

    renderer_classes = [JSONRenderer]
    extra_parameters = {"format"}

    @extend_schema(operation_id="network_retrieve",
                   parameters=READ_HEADERS,
                   responses={200: OpenApiResponse(NETWORK_DOC), 404: NOT_FOUND_DOC, **READ_ERRORS})  # fmt: skip
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def build(self, request, slug):
        network = published_network(slug)
        absolute = request.build_absolute_uri
        return Response({
            "slug": network.slug, "name": network.name, "summary": network.summary,
            "scope": network.scope, "has_seat": network.location is not None,
            "url": absolute(f"/initiatives/{network.slug}/"),
            "api_url": absolute(f"/api/v1/networks/{network.slug}/"),
            "members_url": absolute(f"/api/v1/networks/{network.slug}/members/"),
            **indicators.network_indicators(network, state=self.dataset),
        })  # fmt: skip


class NetworkMembers(DatasetReadView):
    """The published members of a network as a GeoJSON FeatureCollection built in PostGIS
    (seatless member networks have a null geometry). `placed` counts those with a position
    and `bbox` frames them; `transitive=true` adds the members of its member networks, each
    with `via`, the networks it comes through."""

    renderer_classes = [GeoJSONRenderer, PlainJSONRenderer]
    extra_parameters = {"format", "transitive"}

    @extend_schema(
        operation_id="networks_members",
        parameters=[OpenApiParameter("transitive", bool, description="also members of member networks, at any depth"),
                    *READ_HEADERS],
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description=(
            "FeatureCollection of the members' Features (as /api/v1/initiatives/), plus "
            "numberReturned, placed and bbox [west, south, east, north] of the placed ones; "
            "with transitive=true each Feature's properties carry via: [{slug, name}]")),
            404: NOT_FOUND_DOC, **READ_ERRORS},
    )  # fmt: skip
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def build(self, request, slug):
        raw = request.query_params.get("transitive", "false")
        if raw not in ("true", "false"):
            raise ValidationError({"transitive": [_("« true » ou « false » attendu.")]})
        network = published_network(slug)
        body = indicators.member_features(network, transitive=raw == "true")
        return HttpResponse(body, content_type=f"{request.accepted_media_type}; charset=utf-8")
