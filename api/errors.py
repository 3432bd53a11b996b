"""What a client is told when something goes wrong, so it can act on it: JSON under /api/
(a partner's code reads it), a French page elsewhere. The database being away — down,
restarting, read-only, or a lock held longer than lock_timeout — is a 503 with Retry-After,
never an HTML 500 nor a hung worker."""

import logging
import math

from django.conf import settings
from django.db import DatabaseError, InterfaceError, InternalError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)

LOCK_NOT_AVAILABLE = "55P03"  # lock_timeout
QUERY_CANCELED = "57014"  # statement_timeout
READ_ONLY_TRANSACTION = "25006"  # a standby, or default_transaction_read_only during maintenance


def is_api(request):
    return request.path_info.startswith("/api/")


def _sqlstate(exc):
    return getattr(exc.__cause__, "sqlstate", None)


def database_unavailable(exc):
    """Whether `exc` says the database cannot serve now (rather than that our code is wrong)."""
    if isinstance(exc, (OperationalError, InterfaceError)):
        return True
    return isinstance(exc, InternalError) and _sqlstate(exc) == READ_ONLY_TRANSACTION


def unavailable_message(exc):
    sqlstate = _sqlstate(exc)
    if sqlstate == LOCK_NOT_AVAILABLE:
        return _("Ces données sont en cours de modification par ailleurs : réessayez dans quelques secondes.")
    if sqlstate == QUERY_CANCELED:
        return _("La base de données a mis trop de temps à répondre : réessayez dans quelques instants.")
    if sqlstate == READ_ONLY_TRANSACTION:
        return _("Le site est en maintenance et n’accepte aucune modification pour le moment : réessayez plus tard.")
    return _("La base de données est momentanément indisponible : réessayez dans quelques instants.")


def retry_after(exc):
    """Seconds to wait: a held lock may be gone by then; an outage takes longer."""
    if _sqlstate(exc) in (LOCK_NOT_AVAILABLE, QUERY_CANCELED):
        return max(1, math.ceil(settings.DATABASE_TIMEOUTS["lock_timeout"]))
    return settings.DATABASE_RETRY_AFTER


def json_error(status, detail, **headers):
    response = JsonResponse({"detail": str(detail)}, status=status, json_dumps_params={"ensure_ascii": False})
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def html_error(status, template, message="", **headers):
    """A standalone page: it must render with the database away (no user, no session)."""
    response = HttpResponse(render_to_string(template, {"message": message}), status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def unavailable_response(request, exc):
    logger.warning("database unavailable for %s %s: %s", request.method, request.path, exc)
    message, seconds = unavailable_message(exc), retry_after(exc)
    if is_api(request):
        response = json_error(503, message, Retry_After=seconds)
    else:
        response = html_error(503, "503.html", message, Retry_After=seconds)
    response["Cache-Control"] = "no-store"
    return response


def server_error_response(request):
    if is_api(request):
        return json_error(500, _("Erreur interne du serveur. Elle est enregistrée ; réessayez plus tard."))
    return html_error(500, "500.html")


def exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: its answers to API exceptions, always as JSON whatever format
    was negotiated (a CSV client's 429 is still readable); the database away → 503. Any other
    exception is re-raised by DRF and answered by api.middleware.ApiErrorMiddleware."""
    request = context["request"]
    if isinstance(exc, DatabaseError) and database_unavailable(exc):
        return unavailable_response(request, exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data if isinstance(response.data, dict) else {"detail": response.data}
    json = JsonResponse(data, status=response.status_code, json_dumps_params={"ensure_ascii": False})
    for name, value in response.items():
        if name.lower() != "content-type":
            json[name] = value
    return json
