"""How the app is served, by `make run` and by the Docker image alike:
    gunicorn -c project/gunicorn.conf.py
Every value can be changed from the environment (GUNICORN_BIND, GUNICORN_WORKERS,
GUNICORN_TIMEOUT)."""

import math
import multiprocessing
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings.prod")

from django.conf import settings  # noqa: E402  (after the settings module is chosen)

wsgi_app = "project.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers: one request at a time per process, each keeping at most one database
# connection (CONN_MAX_AGE), so the app never holds more connections than it has workers.
# Our requests wait on PostgreSQL, not on the CPU: two per core, plus one.
worker_class = "sync"
workers = int(os.environ.get("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 9)))

# A worker silent this long is killed (an empty 500). PostgreSQL ends a statement first
# (statement_timeout, then a 503 with Retry-After), so this is only the last resort.
statement_timeout = settings.DATABASE_TIMEOUTS["statement_timeout"]
timeout = int(os.environ.get("GUNICORN_TIMEOUT", max(30, math.ceil(2 * statement_timeout))))
if statement_timeout and timeout <= statement_timeout:
    raise RuntimeError(f"GUNICORN_TIMEOUT ({timeout} s) must exceed DB_STATEMENT_TIMEOUT ({statement_timeout} s)")
# The app and every view are imported once, before the workers fork: a new worker answers
# its first request at once, instead of each importing everything (folium, GDAL…) at the
# same moment — seconds each when they start together on a busy machine.
preload_app = True
graceful_timeout = 30
keepalive = 5
# A fresh process now and then: memory growth of a long-lived worker stays bounded.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
# No gunicornc control socket: one fixed path per user would clash between two servers.
control_socket_disable = True
# Room for the other clients of the database: management commands, backups, a psql session.
RESERVED_CONNECTIONS = 5


def on_starting(server):
    """Import every view before forking; refuse to start with more workers than PostgreSQL
    accepts connections."""
    from django.db import OperationalError, connection
    from django.urls import get_resolver

    get_resolver().reverse_dict  # imports project.urls and all it includes
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int")
            available = cursor.fetchone()[0]
    except OperationalError as error:  # the database is away: serve 503s until it is back
        server.log.warning("could not check max_connections: %s", error)
        return
    finally:
        connection.close()  # never share the arbiter's connection with forked workers
    if server.cfg.workers + RESERVED_CONNECTIONS > available:
        raise RuntimeError(
            f"{server.cfg.workers} workers (+{RESERVED_CONNECTIONS} for other clients) exceed the "
            f"{available} connections PostgreSQL accepts: lower GUNICORN_WORKERS or raise max_connections"
        )
