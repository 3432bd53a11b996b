from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from api.views.changes import ChangeFeed
from api.views.clusters import ClusterList
from api.views.docs import RedocDocs, SwaggerDocs
from api.views.duplicates import DuplicateCandidates
from api.views.geocode import GeocodeReverse, GeocodeSearch
from api.views.exports import CSVExport, GeoJSONExport
from api.views.initiatives import InitiativeDetail, InitiativeList
from api.views.network_detail import NetworkDetail, NetworkMembers
from api.views.network_graph import NetworkGraph
from api.views.networks import NetworkList
from api.views.suggest import Suggest
from api.views.republish import DataInclusionExport, GoGoCartoExport
from api.views.territories import TerritoryDetail, TerritoryList
from api.views.themes import ThemeList
from api.views.webhooks import WebhookDetail, WebhookList, WebhookResume

app_name = "api"

urlpatterns = [
    path("initiatives/", InitiativeList.as_view(), name="initiative-list"),
    path("initiatives/<str:key>/", InitiativeDetail.as_view(), name="initiative-detail"),
    path("duplicates/", DuplicateCandidates.as_view(), name="duplicate-list"),
    path("changes/", ChangeFeed.as_view(), name="change-list"),
    path("clusters/", ClusterList.as_view(), name="cluster-list"),
    path("themes/", ThemeList.as_view(), name="theme-list"),
    path("networks/", NetworkList.as_view(), name="network-list"),
    path("networks/graph/", NetworkGraph.as_view(), name="network-graph"),
    path("networks/<str:slug>/", NetworkDetail.as_view(), name="network-detail"),
    path("networks/<str:slug>/members/", NetworkMembers.as_view(), name="network-members"),
    path("territories/", TerritoryList.as_view(), name="territory-list"),
    path("territories/<str:kind>/<str:code>/", TerritoryDetail.as_view(), name="territory-detail"),
    path("export.geojson", GeoJSONExport.as_view(), name="export-geojson"),
    path("export.csv", CSVExport.as_view(), name="export-csv"),
    path("export.data-inclusion.json", DataInclusionExport.as_view(), name="export-data-inclusion"),
    path("export.gogocarto.json", GoGoCartoExport.as_view(), name="export-gogocarto"),
    path("suggest/", Suggest.as_view(), name="suggest"),
    path("geocode/", GeocodeSearch.as_view(), name="geocode"),
    path("geocode/reverse/", GeocodeReverse.as_view(), name="geocode-reverse"),
    path("webhooks/", WebhookList.as_view(), name="webhook-list"),
    path("webhooks/<int:pk>/", WebhookDetail.as_view(), name="webhook-detail"),
    path("webhooks/<int:pk>/resume/", WebhookResume.as_view(), name="webhook-resume"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerDocs.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", RedocDocs.as_view(url_name="api:schema"), name="redoc"),
]
