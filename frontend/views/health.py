from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """For the container healthcheck: the app answers and its database too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT PostGIS_Lib_Version()")
        postgis = cursor.fetchone()[0]
    return JsonResponse({"status": "ok", "postgis": postgis})
