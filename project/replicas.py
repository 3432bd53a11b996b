"""Reads on PostgreSQL streaming replicas, writes on the primary (issue 13, item 6).

Each request reads from one database only, chosen when it starts: the ETag it computes and the
body it serves describe the same state of the data, even when a replica lags. A request that
may write (any unsafe method) reads and writes on the primary. After a write, the response
carries the primary's WAL position in a cookie; the same browser's next reads go to a replica
only once that replica has replayed past it ("read your writes"). A replica that cannot be
reached is left aside for a while and the primary serves.

Outside a request (commands, the worker, tests) everything goes to the primary.
"""

import contextvars
import itertools
import re
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LSN_COOKIE = "carte_lsn"
LSN_FORMAT = re.compile(r"[0-9A-F]{1,8}/[0-9A-F]{1,8}")

_read_alias = contextvars.ContextVar("carte_read_alias", default=DEFAULT_DB_ALIAS)
_away_until = {}  # replica alias → monotonic time until which it is not tried again
_turns = itertools.count()


def replica_aliases():
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


def read_alias():
    return _read_alias.get()


def reading():
    """The connection this request's raw-SQL reads go to (the ORM's go there by the router)."""
    return connections[_read_alias.get()]


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        # Inside a transaction on the primary, reads see that transaction's own writes.
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return _read_alias.get()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # replicas are copies of the primary: the same rows everywhere

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS


def _next_replicas(aliases):
    """Every replica once, starting with the next in turn: reads spread evenly."""
    start = next(_turns) % len(aliases)
    return aliases[start:] + aliases[:start]


def _usable(alias, lsn):
    """Whether `alias` answers and, when `lsn` is given, has replayed past it."""
    if _away_until.get(alias, 0) > time.monotonic():
        return False
    try:
        # Opening a cursor runs the connection's health check (CONN_HEALTH_CHECKS) once per
        # request: a replica that went away since the last request is noticed here.
        with connections[alias].cursor() as cursor:
            if lsn is None:
                return True
            # NULL when the server is not in recovery: then it holds every write.
            cursor.execute("SELECT coalesce(pg_last_wal_replay_lsn() >= %s::pg_lsn, true)", [lsn])
            return cursor.fetchone()[0]
    except DatabaseError:
        _away_until[alias] = time.monotonic() + settings.DATABASE_REPLICA_RETRY_SECONDS
        connections[alias].close()
        return False


def choose_read_alias(request):
    aliases = replica_aliases()
    if not aliases or request.method not in SAFE_METHODS:
        return DEFAULT_DB_ALIAS
    lsn = request.COOKIES.get(LSN_COOKIE)
    if lsn is not None and not LSN_FORMAT.fullmatch(lsn):
        return DEFAULT_DB_ALIAS  # a mangled cookie: the primary is always up to date
    for alias in _next_replicas(aliases):
        if _usable(alias, lsn):
            return alias
    return DEFAULT_DB_ALIAS


def primary_position():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return cursor.fetchone()[0]


class ReplicaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_aliases():
            return self.get_response(request)
        token = _read_alias.set(choose_read_alias(request))
        try:
            response = self.get_response(request)
        finally:
            _read_alias.reset(token)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            response.set_cookie(
                LSN_COOKIE, primary_position(), max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
                httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE,
            )  # fmt: skip
        return response
