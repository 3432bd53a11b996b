from django.contrib import admin
from django.urls import include, path

from frontend.limits import LimitedPasswordResetView
from frontend.views.health import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path("ogc/", include("api.ogc.urls")),
    path("tiles/", include("api.tiles.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("comptes/password_reset/", LimitedPasswordResetView.as_view(), name="password_reset"),  # before Django's own
    path("comptes/", include("django.contrib.auth.urls")),
    path("healthz", healthz, name="healthz"),
    path("", include("frontend.urls")),
]

handler404 = "frontend.views.pages.page_not_found"
handler500 = "frontend.views.pages.server_error"
