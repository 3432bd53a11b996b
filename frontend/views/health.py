import logging

from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from api.errors import database_unavailable, retry_after

logger = logging.getLogger(__name__)
# A health check answers fast or says the database is unwell: it never queues behind the
# app's own waits (DB_STATEMENT_TIMEOUT, DB_LOCK_TIMEOUT are far longer).
HEALTH_STATEMENT_TIMEOUT = "2s"
HEALTH_LOCK_TIMEOUT = "500ms"


@never_cache
def healthz(request):
    """For the container healthcheck: the app answers and its database too. Its query reads no
    table, so no row lock can hold it; its own short timeouts bound it all the same."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, true), set_config('lock_timeout', %s, true)",
                           [HEALTH_STATEMENT_TIMEOUT, HEALTH_LOCK_TIMEOUT])  # fmt: skip
            cursor.execute("SELECT PostGIS_Lib_Version()")
            postgis = cursor.fetchone()[0]
    except DatabaseError as error:
        if not database_unavailable(error):
            raise
        logger.warning("health check: database unavailable: %s", error)
        response = JsonResponse({"status": "unavailable"}, status=503)  # the cause goes to the log, not to the public
        response["Retry-After"] = retry_after(error)
        return response
    return JsonResponse({"status": "ok", "postgis": postgis})
