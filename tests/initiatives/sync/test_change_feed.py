"""What a sync leaves in the partners' change feed: a vanished record is a tombstone. The
syncs commit for real: the feed only serves finished transactions."""

import io
import json

import pytest
from django.core.management import call_command

from initiatives import changelog
from initiatives.imports import FORMATS
from initiatives.models.sources import FORMATS as SOURCE_FORMATS

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.change_feed]


def test_a_vanished_record_is_a_tombstone_in_the_feed(source, partner):
    server, _base = partner
    call_command("load_sample_data", verbosity=0)
    call_command("sync_sources", stdout=io.StringIO())
    position = changelog.changes_after(changelog.START, size=100, source="carte partenaire").position
    p3 = source.initiatives().get(source_id="p3")

    server.records.pop(2)
    call_command("sync_sources", "--source", "partenaire", stdout=io.StringIO())

    page = changelog.changes_after(position, size=100, source="Carte partenaire")
    assert [json.loads(entry) for entry in page.entries] == [
        {"action": "removed", "id": p3.pk, "slug": p3.slug, "version": p3.version + 1,
         "at": json.loads(page.entries[0])["at"], "reason": "archived"}
    ]  # fmt: skip


def test_a_source_offers_every_format_the_importer_reads():
    assert SOURCE_FORMATS == FORMATS
