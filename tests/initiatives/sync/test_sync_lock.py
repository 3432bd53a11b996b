"""Two syncs of the same source at once: the second skips it (the first holds its lock for
the whole sync, fetch included) while other sources still sync. Real threads, each with its
own connection to PostgreSQL, against a real HTTP server that holds the first fetch open."""

import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection

from initiatives.models import Initiative, Source
from initiatives.sync import SKIPPED, sync_due, sync_source
from tests.http_source import serving
from tests.initiatives.sync.conftest import PartnerHandler, record

pytestmark = pytest.mark.django_db(transaction=True)


class HeldHandler(PartnerHandler):
    """Answers once the test opens the gate: the sync that asked is caught mid-fetch."""

    def serve(self):
        self.server.asked.set()
        self.server.gate.wait(timeout=10)
        return super().serve()


@pytest.fixture
def held(settings):
    settings.IMPORT_ALLOW_PRIVATE_HOSTS = True
    settings.IMPORT_FETCH_TIMEOUT = 15
    attributes = {"records": [record(n) for n in (1, 2, 3)], "requests": [], "asked": threading.Event(),
                  "gate": threading.Event()}  # fmt: skip
    with serving(HeldHandler, **attributes) as (server, base):
        yield server, Source.objects.create(name="Carte lente", slug="lente", url=f"{base}/export.json",
                                            format="gogocarto", licence="CC0", attribution="Carte lente")  # fmt: skip
        server.gate.set()


def in_thread(call):
    """Run `call` in a thread with its own database connection; (thread, results list)."""
    results = []

    def run():
        try:
            results.append(call())
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, results


def test_a_second_sync_of_the_same_source_skips_it_and_the_others_still_sync(sample_data, held, partner):
    server, slow = held
    partner_server, partner_base = partner
    # Elsewhere than the slow source's records: not their duplicates.
    partner_server.records = [record(n, address={"addressLocality": "Foix"}) for n in (7, 8)]
    other = Source.objects.create(name="Carte partenaire", slug="partenaire", url=f"{partner_base}/export.json",
                                  format="gogocarto", licence="CC0", attribution="Carte partenaire")  # fmt: skip
    first, results = in_thread(lambda: sync_source(Source.objects.get(pk=slow.pk)))
    assert server.asked.wait(timeout=10), "the first sync never fetched"

    outcomes = {outcome.source.slug: outcome for outcome in sync_due(force=True)}
    out = io.StringIO()
    call_command("sync_sources", "--source", "lente", stdout=out)
    server.gate.set()
    first.join(timeout=30)

    assert outcomes["lente"].status == SKIPPED
    assert "Une autre synchronisation de cette source est en cours" in outcomes["lente"].message
    assert "lente · ignorée" in out.getvalue()
    assert outcomes["partenaire"].status == Source.Outcome.SYNCED
    assert sorted(other.initiatives().values_list("source_id", flat=True)) == ["p7", "p8"]
    # The first sync went on alone: one fetch, each record imported once, its outcome recorded.
    assert results[0].status == Source.Outcome.SYNCED, results[0].message
    assert len(server.requests) == 1
    assert sorted(slow.initiatives().values_list("source_id", flat=True)) == ["p1", "p2", "p3"], results[0].message


def test_the_lock_is_released_when_a_sync_ends_even_in_error(sample_data, held):
    server, slow = held
    server.gate.set()
    Source.objects.filter(pk=slow.pk).update(url=slow.url.replace("/export.json", "/missing"))
    slow.refresh_from_db()

    assert sync_source(slow).status == Source.Outcome.ERROR
    Source.objects.filter(pk=slow.pk).update(url=slow.url.replace("/missing", "/export.json"))
    slow.refresh_from_db()
    # Another connection, as the next cron run would have.
    second, results = in_thread(lambda: sync_source(Source.objects.get(pk=slow.pk)))
    second.join(timeout=30)
    assert results[0].status == Source.Outcome.SYNCED
