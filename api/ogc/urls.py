from django.urls import path

from api.ogc import views
from api.views.docs import SwaggerDocs

app_name = "ogc"

urlpatterns = [
    path("", views.LandingPage.as_view(), name="landing"),
    path("conformance", views.Conformance.as_view(), name="conformance"),
    path("api", views.OpenAPI.as_view(), name="openapi"),
    path("api.html", SwaggerDocs.as_view(url_name="ogc:openapi"), name="docs"),
    path("collections", views.Collections.as_view(), name="collections"),
    path("collections/<str:collection>", views.Collection.as_view(), name="collection"),
    path("collections/<str:collection>/queryables", views.Queryables.as_view(), name="queryables"),
    path("collections/<str:collection>/items", views.Items.as_view(), name="items"),
    path("collections/<str:collection>/items/<str:feature_id>", views.Item.as_view(), name="item"),
]
