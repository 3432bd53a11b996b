"""Provenance shown: on the initiative's page, in the API and in the exports; each source's
licence and attribution on the about page and in the exports; the moderators' list."""

import json

import pytest
from data_inclusion.schema.v1 import Structure
from django.core.management import call_command

from initiatives.models import Source
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def synced(sample_data, source):
    call_command("sync_sources", stdout=open("/dev/null", "w"))
    source.refresh_from_db()
    return source, source.initiatives().get(source_id="p1")


def body(response):
    return b"".join(response.streaming_content).decode()


def test_the_page_names_the_source_its_id_there_and_the_last_sync(synced, client):
    source, p1 = synced
    Source.objects.filter(pk=source.pk).update(attribution="<b>© Partenaire</b>")

    page = client.get(f"/initiatives/{p1.slug}/").content.decode()

    assert '<a href="https://partenaire.example.org/" rel="nofollow noopener">Carte partenaire</a>' in page
    assert "identifiant à la source : p1" in page
    assert "Dernière synchronisation : " in page
    assert "ODbL 1.0 — &lt;b&gt;© Partenaire&lt;/b&gt;" in page  # source text stays text


def test_a_page_of_an_initiative_proposed_here_has_no_provenance(sample_data, client):
    page = client.get("/initiatives/maison-du-libre/").content.decode()
    assert "Provenance" not in page and "identifiant à la source" not in page


def test_the_api_gives_the_provenance_and_a_new_sync_changes_the_etag(synced, client):
    source, p1 = synced
    first = client.get(f"/api/v1/initiatives/{p1.slug}/")

    assert first.json()["properties"]["provenance"] == {
        "source": "Carte partenaire", "source_id": "p1", "source_url": "https://partenaire.example.org/",
        "licence": "ODbL 1.0", "licence_url": "https://opendatacommons.org/licenses/odbl/1-0/",
        "attribution": "© Carte partenaire et ses contributeurs",
        "synced_at": source.last_synced_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }  # fmt: skip
    assert client.get(f"/api/v1/initiatives/{p1.slug}/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    synced_before = source.last_synced_at
    call_command("sync_sources", "--source", "partenaire", stdout=open("/dev/null", "w"))  # a 304: nothing written
    source.refresh_from_db()
    assert source.last_synced_at > synced_before
    again = client.get(f"/api/v1/initiatives/{p1.slug}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200  # the last sync moved: a new representation
    # (to the second: two syncs within one second show the same time, under new ETags)
    assert again.json()["properties"]["provenance"]["synced_at"] == source.last_synced_at.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_an_edit_through_the_api_still_matches_the_etag_with_provenance(synced, client):
    _source, p1 = synced
    moderator = make_user("moderatrice", role="moderator")
    client.login(username=moderator.username, password=PASSWORD)
    etag = client.get(f"/api/v1/initiatives/{p1.slug}/")["ETag"]

    response = client.patch(f"/api/v1/initiatives/{p1.slug}/", {"summary": "Corrigé ici."},
                            content_type="application/json", HTTP_IF_MATCH=etag)  # fmt: skip

    assert response.status_code == 200


def test_the_exports_carry_each_records_provenance_and_the_sources_licences(synced, client):
    source, p1 = synced

    gogocarto = json.loads(body(client.get("/api/v1/export.gogocarto.json")))
    assert gogocarto["sources"] == [{
        "name": "Carte partenaire", "url": "https://partenaire.example.org/", "licence": "ODbL 1.0",
        "licence_url": "https://opendatacommons.org/licenses/odbl/1-0/", "attribution": "© Carte partenaire et ses contributeurs",
    }]  # fmt: skip
    elements = {element["id"]: element for element in gogocarto["data"]}
    assert elements[p1.slug]["provenance"]["source_id"] == "p1"
    assert elements[p1.slug]["provenance"]["attribution"] == "© Carte partenaire et ses contributeurs"
    assert elements["maison-du-libre"]["provenance"] is None  # proposed here, not imported

    structures = json.loads(body(client.get("/api/v1/export.data-inclusion.json")))
    mine = next(s for s in structures if s["id"] == p1.slug)
    assert mine["provenance"]["source"] == "Carte partenaire" and mine["provenance"]["licence"] == "ODbL 1.0"
    for record in structures:
        Structure.model_validate(record)  # the schema reads them still


def test_an_export_is_fresh_after_a_sync(synced, client):
    first = client.get("/api/v1/export.gogocarto.json")
    call_command("sync_sources", "--source", "partenaire", stdout=open("/dev/null", "w"))
    assert client.get("/api/v1/export.gogocarto.json", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_the_about_page_names_each_sources_licence_and_attribution(synced, client):
    page = client.get("/a-propos/").content.decode()
    assert '<a href="https://partenaire.example.org/" rel="nofollow noopener">Carte partenaire</a>' in page
    assert '<a href="https://opendatacommons.org/licenses/odbl/1-0/" rel="nofollow noopener">ODbL 1.0</a>' in page
    assert "© Carte partenaire et ses contributeurs" in page


def test_moderators_see_how_each_source_went(synced, client):
    make_user("visiteuse")
    client.login(username="visiteuse", password=PASSWORD)
    assert client.get("/moderation/sources/").status_code == 403

    make_user("moderatrice", role="moderator")
    client.login(username="moderatrice", password=PASSWORD)
    page = client.get("/moderation/sources/").content.decode()
    assert "Carte partenaire" in page and "synchronisée" in page
    assert "<td>3 / 0</td>" in page
    assert "3 créée(s)" in page


def test_the_admin_registers_a_source_and_syncs_it(sample_data, partner, admin_client):
    _server, base = partner
    response = admin_client.post("/admin/initiatives/source/add/", {
        "name": "Partenaire", "slug": "partenaire", "url": f"{base}/export.json", "format": "gogocarto",
        "mapping": "themes:\n  Communs: transition\n", "licence": "CC BY 4.0", "attribution": "Partenaire",
        "frequency": 24, "active": "on",
    })  # fmt: skip
    assert response.status_code == 302
    source = Source.objects.get(slug="partenaire")

    admin_client.post("/admin/initiatives/source/", {"action": "sync_now", "_selected_action": [source.pk]})

    assert source.initiatives().count() == 3
    assert list(source.initiatives().get(source_id="p1").themes.values_list("slug", flat=True)) == ["transition"]
