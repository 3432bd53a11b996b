"""Site-wide guards that must act before, or around, the rest of the stack."""

import logging

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.db import DatabaseError
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import resolve
from django.utils.translation import gettext as _

from api.errors import database_unavailable, is_api, json_error, server_error_response, unavailable_response

logger = logging.getLogger("django.request")
# Django answers these itself (400, 403, 404), through the handlers of project/urls.py.
CLIENT_ERRORS = (Http404, PermissionDenied, SuspiciousOperation, BadRequest)


class HealthCheckMiddleware:
    """Answers GET /healthz before the Host header is validated: the container's healthcheck
    asks http://127.0.0.1:8000/healthz, and 127.0.0.1 is not among the public ALLOWED_HOSTS.
    It only says that the app and its database answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz" and request.method in ("GET", "HEAD"):
            return resolve("/healthz").func(request)
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """A body larger than DATA_UPLOAD_MAX_MEMORY_SIZE gets a 413 before anything reads it.
    Django applies that setting to forms only; DRF's parsers read the stream themselves, so
    without this the write API would accept bodies of any size. The body is bounded by
    Content-Length (Django reads no further), so the header is what to check."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # A page that takes files (REQUEST_SIZE_LIMITS) has its own, larger limit.
        limit = settings.REQUEST_SIZE_LIMITS.get(request.path_info, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is None or length <= limit:
            return self.get_response(request)
        if request.path_info in settings.REQUEST_SIZE_LIMITS:
            message = _("Fichier trop gros : %(size)d Mo au plus sur cette page.") % {"size": limit // (1024 * 1024) or 1}
        else:
            message = _("Requête trop volumineuse : %(size)d Ko au plus.") % {"size": limit // 1024}
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message}, status=413)
        return HttpResponse(message, content_type="text/plain; charset=utf-8", status=413)


class ErrorMiddleware:
    """Errors a client can act on, whatever raised them: a view's exception with the database
    away is a 503 with Retry-After (JSON under /api/, a French page elsewhere); any other
    exception under /api/ is a JSON 500; and an error answered by Django itself under /api/
    (an unknown URL, a method a plain view does not allow…) is turned into JSON too. Database
    errors raised outside views (by another middleware) reach handler500, which does the same
    (frontend.views.pages.server_error)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_api(request) and response.status_code >= 400 and not _is_json(response):
            json = json_error(response.status_code, response.reason_phrase)
            for name, value in response.items():
                if name.lower() not in ("content-type", "content-length"):
                    json[name] = value
            return json
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DatabaseError) and database_unavailable(exception):
            return unavailable_response(request, exception)
        if is_api(request) and not settings.DEBUG and not isinstance(exception, CLIENT_ERRORS):
            logger.error("Internal Server Error: %s", request.path, exc_info=exception, extra={"status_code": 500, "request": request})
            return server_error_response(request)
        return None  # Django's own handling: logged, then handler500


def _is_json(response):
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    return content_type == "application/json" or content_type.endswith("+json")
