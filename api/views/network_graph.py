"""The network of networks as a graph: JSON for the site's page, GEXF and GraphML for Gephi."""

import json

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.renderers import BaseRenderer, JSONRenderer

from api.graph_formats import to_gexf, to_graphml
from api.schema import READ_ERRORS, READ_HEADERS
from api.views.base import DatasetReadView
from initiatives import indicators
from initiatives.selectors import per_dataset_version

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


class NetworkGraph(DatasetReadView):
    """Every published network, its number of direct members, the members networks share
    (weighted edges) and the networks that are members of others (directed edges).
    ?format=gexf or ?format=graphml gives a file Gephi opens."""

    renderer_classes = [JSONRenderer, GEXFRenderer, GraphMLRenderer]
    extra_parameters = {"format"}

    @extend_schema(operation_id="networks_graph", parameters=READ_HEADERS, responses={**READ_ERRORS, 200: OpenApiResponse(GRAPH_DOC, description=(
        "JSON; with format=gexf a GEXF 1.2 file, with format=graphml a GraphML file (directed "
        "graph; shared-member edges have kind=shared, GEXF type mutual)"))})  # fmt: skip
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def build(self, request):
        # The graph of ~2,000 networks is megabytes once written out: each format is written
        # once per dataset version, then served as it is.
        fmt = request.accepted_renderer.format
        body = per_dataset_version(f"network-graph.{fmt}", lambda: self.write(fmt), state=self.dataset)
        response = HttpResponse(body, content_type=f"{request.accepted_media_type}; charset=utf-8")
        if fmt != "json":
            response["Content-Disposition"] = f'attachment; filename="reseaux.{fmt}"'
        return response

    def write(self, fmt):
        graph = indicators.network_graph(state=self.dataset)
        if fmt == "gexf":
            return to_gexf(graph, description=DESCRIPTION)
        if fmt == "graphml":
            return to_graphml(graph, description=DESCRIPTION)
        summary = indicators.map_indicators(state=self.dataset)
        return json.dumps({"summary": summary, **graph}, ensure_ascii=False, separators=(",", ":")).encode()
