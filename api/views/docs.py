"""The human docs of the API — Swagger UI and Redoc — with every asset from our origin: the
scripts come from drf-spectacular-sidecar, our Redoc page drops drf-spectacular's Google
Fonts links, and a Content-Security-Policy makes the browser refuse whatever a bundle would
still fetch elsewhere (Redoc's footer logo, Swagger UI's online validator)."""

from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView

# Swagger UI's page runs an inline script; both UIs inject inline styles; Redoc's search runs
# in a worker built from a blob.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
    "frame-ancestors 'self'; base-uri 'self'; form-action 'self'"
)


class OwnAssetsOnly:
    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Security-Policy"] = DOCS_CSP
        return response


class SwaggerDocs(OwnAssetsOnly, SpectacularSwaggerView):
    pass


class RedocDocs(OwnAssetsOnly, SpectacularRedocView):
    template_name = "api/redoc.html"
