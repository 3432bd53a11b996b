from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from .views import imports, map, pages

app_name = "frontend"

urlpatterns = [
    path("", map.home, name="home"),
    path("embed/", map.embed, name="embed"),
    path("a-propos/", pages.about, name="about"),
    path("initiatives/<slug:slug>/", pages.initiative_detail, name="initiative"),
    path("", include("frontend.urls_contribute")),
    path("", include("frontend.urls_community")),
    path("moderation/import/", imports.import_page, name="import"),
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["frontend"]), name="jsi18n"),
]
