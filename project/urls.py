from django.contrib import admin
from django.urls import include, path

from frontend.views.health import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("healthz", healthz, name="healthz"),
]
