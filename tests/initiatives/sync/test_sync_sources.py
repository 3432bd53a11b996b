"""manage.py sync_sources against a real HTTP server playing the partner's map: changed,
unchanged (304), vanished, a local edit that survives, and the sources that misbehave."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from initiatives.models import Dataset, Initiative, Revision, Source
from initiatives.proposals import propose_change
from tests.factories import edited, make_user
from tests.initiatives.sync.conftest import record

pytestmark = pytest.mark.django_db


def sync(*options):
    out = io.StringIO()
    call_command("sync_sources", *options, stdout=out)
    return out.getvalue()


def state():
    return (Initiative.objects.count(), Revision.objects.count(), Dataset.current().version)


def test_it_imports_a_due_source_and_records_how_it_went(sample_data, source):
    output = sync()

    assert "3 créée(s)" in output
    assert sorted(source.initiatives().values_list("source_id", flat=True)) == ["p1", "p2", "p3"]
    assert source.initiatives().get(source_id="p1").status == Initiative.Status.PUBLISHED
    source.refresh_from_db()
    assert source.last_outcome == Source.Outcome.SYNCED and source.last_synced_at is not None
    assert source.etag.startswith('"') and source.last_modified == "Wed, 02 Dec 2026 10:00:00 GMT"


def test_an_unchanged_source_answers_304_and_nothing_is_written(sample_data, source, partner):
    server, _base = partner
    sync()
    source.refresh_from_db()
    before, first_sync = state(), source.last_synced_at

    output = sync("--source", "partenaire")

    assert server.requests[-1] == ("/export.json", source.etag, source.last_modified)
    assert "Inchangée depuis la dernière synchronisation (304)" in output
    assert state() == before
    source.refresh_from_db()
    assert source.last_outcome == Source.Outcome.UNCHANGED and source.last_synced_at > first_sync


def test_a_source_not_due_is_left_alone_until_forced(sample_data, source, partner):
    server, _base = partner
    sync()
    asked = len(server.requests)

    assert sync() == ""  # synced a moment ago, daily
    assert len(server.requests) == asked
    sync("--force")
    assert server.requests[-1] == ("/export.json", None, None)  # --force: no conditional request


def test_a_changed_record_is_updated(sample_data, source, partner):
    server, _base = partner
    sync()
    server.records[1] = record(2, name="Ressourcerie des Capucins")

    output = sync("--source", "partenaire")

    assert "1 modifiée(s), 2 inchangée(s)" in output
    assert source.initiatives().get(source_id="p2").name == "Ressourcerie des Capucins"


def test_a_vanished_record_is_archived_with_a_reason_then_restored_when_it_returns(sample_data, source, partner):
    server, _base = partner
    sync()
    gone = server.records.pop(2)

    output = sync("--source", "partenaire")

    assert "1 archivée(s)" in output
    p3 = source.initiatives().get(source_id="p3")
    assert p3.status == Initiative.Status.ARCHIVED  # archived, not deleted
    archive = p3.revisions.first()
    assert archive.kind == Revision.Kind.ARCHIVE
    assert archive.summary == "Disparue de la source « Carte partenaire » : archivée par la synchronisation."
    assert source.initiatives().filter(status=Initiative.Status.PUBLISHED).count() == 2

    server.records.append(gone)
    assert "1 désarchivée(s)" in sync("--source", "partenaire")
    assert source.initiatives().get(source_id="p3").status == Initiative.Status.PUBLISHED


def test_an_empty_answer_archives_nothing(sample_data, source, partner):
    server, _base = partner
    sync()
    server.records = []
    before = state()

    with pytest.raises(CommandError, match="1 source\\(s\\) en erreur : partenaire"):
        sync("--source", "partenaire")

    source.refresh_from_db()
    assert "aucune fiche identifiable : rien n’a été importé ni archivé" in source.last_message
    assert state() == before


def test_a_local_edit_survives_a_sync_and_a_conflict_becomes_a_proposal(sample_data, source, partner):
    server, _base = partner
    sync()
    moderator = make_user("moderatrice", role="moderator")
    p1 = source.initiatives().get(source_id="p1")
    propose_change(initiative=p1, data=edited(p1, name="Ressourcerie de l’Ariège", summary="Écrit ici."),
                   base_version=p1.version, author=moderator)  # fmt: skip

    # The source changes the summary (edited here too) and the commune (not edited here).
    server.records[0] = record(1, description="Résumé de la source", address={"addressLocality": "Foix"})
    output = sync("--source", "partenaire")

    assert "1 proposition(s) pour la modération" in output
    p1.refresh_from_db()
    assert p1.name == "Ressourcerie de l’Ariège"  # edited here, unchanged there: the edit stays
    assert p1.summary == "Écrit ici."  # changed on both sides: the local value stays…
    assert p1.commune == "Foix"  # changed there only: taken
    pending = p1.revisions.get(status=Revision.Status.PENDING)
    assert pending.snapshot["summary"] == "Résumé de la source"  # …and the source's is proposed
    assert pending.snapshot["name"] == "Ressourcerie de l’Ariège" and pending.snapshot["commune"] == "Foix"
    assert pending.base_version == p1.version
    assert "la source a changé Résumé" in pending.summary

    # The next syncs do not propose the same value again, nor undo the edit.
    before = state()
    sync("--force")
    assert state() == before
    p1.refresh_from_db()
    assert (p1.name, p1.summary) == ("Ressourcerie de l’Ariège", "Écrit ici.")


def test_a_slow_source_is_an_error_and_the_others_still_sync(sample_data, source, partner, settings):
    _server, base = partner
    settings.IMPORT_FETCH_TIMEOUT = 0.5
    Source.objects.create(name="Lente", slug="lente", url=f"{base}/slow", format="gogocarto",
                          licence="CC0", attribution="Lente")  # fmt: skip

    with pytest.raises(CommandError, match="1 source\\(s\\) en erreur : lente"):
        sync()

    slow = Source.objects.get(slug="lente")
    assert slow.last_outcome == Source.Outcome.ERROR and "ne répond pas à temps" in slow.last_message
    assert slow.last_synced_at is None and slow.etag == ""
    assert not Initiative.objects.filter(source="Lente").exists()
    assert source.initiatives().count() == 3  # the other source went on


@pytest.mark.parametrize(
    ("path", "message"),
    [("/huge", "Fichier trop gros"), ("/loop", "Trop de redirections")],
)
def test_a_misbehaving_source_is_an_error_and_nothing_is_written(sample_data, source, partner, settings, path, message):
    _server, base = partner
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    Source.objects.filter(pk=source.pk).update(url=f"{base}{path}")
    before = state()

    with pytest.raises(CommandError):
        sync("--source", "partenaire")

    source.refresh_from_db()
    assert source.last_outcome == Source.Outcome.ERROR and message in source.last_message
    assert state() == before


def test_a_private_address_is_refused_at_registration_and_at_sync(sample_data, source, settings):
    settings.IMPORT_ALLOW_PRIVATE_HOSTS = False
    with pytest.raises(ValidationError) as refused:
        source.full_clean()
    assert "une adresse privée, locale ou réservée" in refused.value.message_dict["url"][0]
    for url in ("http://10.0.0.8/export.json", "http://169.254.169.254/latest/meta-data/"):
        source.url = url
        with pytest.raises(ValidationError, match="adresse privée, locale ou réservée"):
            source.full_clean()

    with pytest.raises(CommandError):
        sync("--source", "partenaire")  # registered before the rule, or behind a changed DNS answer
    source.refresh_from_db()
    assert "Adresse refusée" in source.last_message
    assert not source.initiatives().exists()


def test_a_mapping_is_checked_at_registration(sample_data, source):
    source.mapping = "themes:\n  Alimentation: pas-un-theme\n"
    with pytest.raises(ValidationError, match="thème inconnu pas-un-theme"):
        source.full_clean()
    source.mapping = "themes: [pas, un, dictionnaire]\n"
    with pytest.raises(ValidationError, match="doit être un dictionnaire"):
        source.full_clean()
    source.mapping = "themes:\n  Communs: transition\n"
    source.full_clean()


def test_a_reserved_name_is_refused(sample_data, source):
    source.name = "contribution"
    with pytest.raises(ValidationError, match="Ce nom est réservé"):
        source.full_clean()
