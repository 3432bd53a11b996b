"""One limit on anonymous proposals, shared by the web forms and the write API:
ANONYMOUS_PROPOSALS_RATE (e.g. "5/h") per client address and fixed window, counted once
whichever door the proposals come through.

A proposal takes its place in the count *before* it is checked and written, so parallel
posts cannot all slip under the limit; one that ends up writing nothing (invalid, stale,
refused) gives its place back — fixing a typo is no flood. The counter lives in the shared
cache; the database cache's get-then-set is not atomic, so each change of a counter holds a
PostgreSQL advisory lock on its key."""

import time
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass
class Slot:
    """An anonymous proposal's place in its client's count: refused when `retry_after` > 0."""

    key: str | None = None
    window_end: float = 0.0
    retry_after: int = 0

    @property
    def refused(self):
        return self.retry_after > 0

    def keep(self):
        """The proposal was written: its place stays taken."""
        self.key = None

    def give_back(self):
        """The proposal wrote nothing: free its place (no-op once kept or given back)."""
        key, self.key = self.key, None
        if key is None:
            return
        with _locked(key):
            count = cache.get(key, 0)
            if count > 0:
                cache.set(key, count - 1, timeout=_seconds_until(self.window_end))


def parse_rate(rate):
    """"5/h" → (5, 3600): a number of requests per second, minute, hour or day."""
    number, _, period = rate.partition("/")
    return int(number), PERIODS[period[:1]]


def client_address(request):
    """Who is asking: REMOTE_ADDR, or the address NUM_PROXIES trusted proxies put in
    X-Forwarded-For — the same reading as the API's per-account throttle, whose setting it is,
    so that both limits count the same client."""
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    proxies = getattr(settings, "REST_FRAMEWORK", {}).get("NUM_PROXIES")
    if proxies is None:
        return "".join(forwarded.split()) if forwarded else remote
    if proxies == 0 or not forwarded:
        return remote
    addresses = forwarded.split(",")
    return addresses[-min(proxies, len(addresses))].strip()


def take(request):
    """This client's place for one more proposal in the current window, or a refused Slot
    saying when to retry. Signed-in people are not limited here (the API throttles them)."""
    if request.user.is_authenticated:
        return Slot()
    return take_for(request, scope="proposals:anonymous", rate=settings.ANONYMOUS_PROPOSALS_RATE)


def take_for(request, *, scope, rate, subject=None):
    """A place in the count of `scope` at `rate` ("5/h") for this client, or for `subject`
    when given (e.g. the address a password-reset mail goes to)."""
    limit, period = parse_rate(rate)
    now = time.time()
    window = int(now // period)
    window_end = (window + 1) * period
    key = f"{scope}:{subject or client_address(request)}:{window}"
    with _locked(key):
        count = cache.get(key, 0)
        if count >= limit:
            return Slot(retry_after=_seconds_until(window_end))
        cache.set(key, count + 1, timeout=_seconds_until(window_end))
    return Slot(key=key, window_end=window_end)


def _seconds_until(moment):
    return max(1, int(moment - time.time() + 0.999))


@contextmanager
def _locked(key):
    """A transaction holding an advisory lock on `key` until it ends."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])
        yield
