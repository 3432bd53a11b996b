"""Two site-wide guards that must act before the rest of the stack."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from frontend.views.health import healthz


class HealthCheckMiddleware:
    """Answers GET /healthz before the Host header is validated: the container's healthcheck
    asks http://127.0.0.1:8000/healthz, and 127.0.0.1 is not among the public ALLOWED_HOSTS.
    It only says that the app and its database answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz" and request.method in ("GET", "HEAD"):
            return healthz(request)
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """A body larger than DATA_UPLOAD_MAX_MEMORY_SIZE gets a 413 before anything reads it.
    Django applies that setting to forms only; DRF's parsers read the stream themselves, so
    without this the write API would accept bodies of any size. The body is bounded by
    Content-Length (Django reads no further), so the header is what to check."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is None or length <= limit:
            return self.get_response(request)
        message = _("Requête trop volumineuse : %(size)d Ko au plus.") % {"size": limit // 1024}
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message}, status=413)
        return HttpResponse(message, content_type="text/plain; charset=utf-8", status=413)
