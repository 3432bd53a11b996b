"""One sync of a source at a time: cron, a systemd timer and a moderator's `--source` may
overlap, and two syncs of the same source would import the same rows twice over, each
proposing the other's conflicts. A PostgreSQL advisory lock keyed by the source's id, taken
without waiting: the second sync skips that source, the others still run.

A session lock, not a transaction's: the fetch runs outside any transaction on purpose (a
slow source must hold none), and the lock must cover it too. It is released when the sync
ends, and by PostgreSQL if the process dies (its connection goes with it)."""

from contextlib import contextmanager

from django.db import connection

# The first key of the two-key form: this lock's namespace, apart from the project's others.
NAMESPACE = "initiatives_source_sync"


@contextmanager
def sync_lock(source):
    """True when this process now holds `source`'s lock (released on leaving), False when
    another sync of it is under way."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(hashtext(%s), %s)", [NAMESPACE, source.pk])
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(hashtext(%s), %s)", [NAMESPACE, source.pk])
