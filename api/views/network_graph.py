"""The network of networks as a graph: JSON for the site's page, GEXF and GraphML for Gephi."""

import json

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer

from api.graph_formats import to_gexf, to_graphml
from api.schema import READ_ERRORS, READ_HEADERS
from api.views.base import DatasetReadView
from initiatives import indicators
from initiatives.selectors import per_dataset_version
from initiatives.territories import REGIONS

DESCRIPTION = ("Réseaux de la Carte des réseaux : nœuds = réseaux (members = membres directs), "
               "arêtes « shared » = membres en commun (weight), « membership » = un réseau membre d’un autre.")  # fmt: skip


class GEXFRenderer(BaseRenderer):
    media_type = "application/gexf+xml"
    format = "gexf"


class GraphMLRenderer(BaseRenderer):
    media_type = "application/graphml+xml"
    format = "graphml"


GRAPH_DOC = {
    "type": "object",
    "properties": {
        "summary": {"type": "object", "description": "the whole map", "properties": {
            "networks": {"type": "integer"}, "memberships": {"type": "integer"},
            "members": {"type": "integer", "description": "initiatives in at least one network"},
            "multi_members": {"type": "integer", "description": "initiatives in two networks or more"},
            "multi_membership_rate": {"type": "number", "nullable": True}}},
        "total": {"type": "object", "description": "nodes and edges the filters keep, before the drawn subset",
                  "properties": {"nodes": {"type": "integer"}, "shared": {"type": "integer"},
                                 "membership": {"type": "integer"}}},
        "nodes": {"type": "array", "items": {"type": "object", "properties": {
            "id": {"type": "integer"}, "slug": {"type": "string"}, "name": {"type": "string"},
            "members": {"type": "integer"}, "region": {"type": "string"}, "department": {"type": "string"},
            "themes": {"type": "array", "items": {"type": "string"}}}}},
        "shared": {"type": "array", "description": "[node id, node id, shared members], heaviest first",
                   "items": {"type": "array", "items": {"type": "integer"}}},
        "membership": {"type": "array", "description": "[member network id, network id]: directed",
                       "items": {"type": "array", "items": {"type": "integer"}}},
    },
}  # fmt: skip


PARAMETERS = [
    OpenApiParameter("full", bool, description=(
        f"`true`: every network and every link. Default for JSON: what the graph page draws, the "
        f"{indicators.DRAWN_NODES} networks with most members and, between them, every membership and the "
        f"heaviest shared links up to {indicators.DRAWN_LINKS} edges in all (`total` says how many the "
        "filters keep). GEXF and GraphML are files for Gephi: whole by default, `full=false` for the drawn subset")),
    OpenApiParameter("theme", str, description="only the networks with this theme (a theme slug; an unknown one keeps none)"),
    OpenApiParameter("region", str, enum=sorted(REGIONS), description="only the networks whose seat is in this region (INSEE code)"),
]  # fmt: skip
BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


class NetworkGraph(DatasetReadView):
    """The published networks, their number of direct members, the members networks share
    (weighted edges) and the networks that are members of others (directed edges): what the
    graph page draws, or with ?full=true all of them. ?format=gexf or ?format=graphml gives a
    file Gephi opens (the whole graph)."""

    renderer_classes = [JSONRenderer, GEXFRenderer, GraphMLRenderer]
    extra_parameters = {"format", "full", "theme", "region"}

    @extend_schema(operation_id="networks_graph", parameters=[*PARAMETERS, *READ_HEADERS], responses={**READ_ERRORS, 200: OpenApiResponse(GRAPH_DOC, description=(
        "JSON; with format=gexf a GEXF 1.2 file, with format=graphml a GraphML file (directed "
        "graph; shared-member edges have kind=shared, GEXF type mutual)"))})  # fmt: skip
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def check_parameters(self, request):
        super().check_parameters(request)
        params = request.query_params
        if params.get("full", "true").lower() not in BOOLEANS:
            raise ValidationError({"full": [_("« true » ou « false » attendu.")]})
        if "region" in params and params["region"] not in REGIONS:
            raise ValidationError({"region": [_("Région inconnue : un code INSEE de région est attendu (53 pour la Bretagne).")]})

    def build(self, request):
        fmt = request.accepted_renderer.format
        params = request.query_params
        options = {"full": BOOLEANS[params.get("full", "false" if fmt == "json" else "true").lower()],
                   "theme": params.get("theme", ""), "region": params.get("region", "")}  # fmt: skip
        graph = indicators.network_graph(**options, state=self.dataset)
        if fmt == "json":  # the text PostgreSQL wrote, as it is
            body = graph.encode()
        else:  # each file written once per dataset version, then served as it is
            key = f"network-graph.{fmt}:{':'.join(str(v) for v in options.values())}"
            body = per_dataset_version(key, lambda: self.write(fmt, json.loads(graph)), state=self.dataset)
        response = HttpResponse(body, content_type=f"{request.accepted_media_type}; charset=utf-8")
        if fmt != "json":
            response["Content-Disposition"] = f'attachment; filename="reseaux.{fmt}"'
        return response

    def write(self, fmt, graph):
        if fmt == "gexf":
            return to_gexf(graph, description=DESCRIPTION)
        return to_graphml(graph, description=DESCRIPTION)
