from django.urls import include, path

from .views import imports, map, merging, networks, pages, seatless, sources, territories

app_name = "frontend"

urlpatterns = [
    path("", map.home, name="home"),
    path("embed/", map.embed, name="embed"),
    path("a-propos/", pages.about, name="about"),
    path("reseaux/", networks.network_graph_page, name="networks-graph"),
    path("reseaux/sans-lieu/", seatless.seatless_list, name="seatless-networks"),
    path("territoires/", territories.overview, name="territories"),
    path("territoires/region/<str:code>/", territories.territory_page, {"kind": "region"}, name="region"),
    path("territoires/departement/<str:code>/", territories.territory_page, {"kind": "departement"}, name="department"),
    path("initiatives/<slug:slug>/", pages.initiative_detail, name="initiative"),
    path("initiatives/<slug:slug>/adhesions/<int:pk>/", networks.decide_request, name="decide-membership"),
    path("", include("frontend.urls_contribute")),
    path("", include("frontend.urls_community")),
    path("moderation/import/", imports.import_page, name="import"),
    path("moderation/import/progress/<str:progress_id>/", imports.import_progress, name="import-progress"),
    path("moderation/sources/", sources.source_list, name="sources"),
    path("moderation/fusion/", merging.merge_page, name="merge"),
]
