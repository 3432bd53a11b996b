"""PostgreSQL keeps each initiative's GeoJSON Feature in step with everything it shows, and
bumps the dataset version (the ETag of the API) on every write."""

import json

import pytest
from django.db import connection

from initiatives.models import Dataset, Initiative, Link
from tests.factories import make_initiative, make_network, make_theme

pytestmark = pytest.mark.django_db


def stored_feature(initiative):
    with connection.cursor() as cursor:
        cursor.execute("SELECT feature FROM initiatives_initiative WHERE id = %s", [initiative.pk])
        return json.loads(cursor.fetchone()[0])


def test_the_feature_is_rfc7946_with_six_decimals():
    initiative = make_initiative(at=(-4.48612345678, 48.39041234567), name='<b>"Maison"</b>')
    feature = stored_feature(initiative)
    assert feature["type"] == "Feature"
    assert feature["id"] == initiative.pk
    assert feature["geometry"] == {"type": "Point", "coordinates": [-4.486123, 48.390412]}
    assert feature["properties"]["name"] == '<b>"Maison"</b>'  # exactly as stored, JSON-escaped
    assert feature["properties"]["url"].endswith(f"/initiatives/{initiative.slug}/")
    assert feature["properties"]["license"] == "ODbL-1.0"


def test_a_seatless_network_has_a_null_geometry():
    assert stored_feature(make_network(at=None))["geometry"] is None


def test_themes_links_and_memberships_are_kept_in_step():
    theme = make_theme(slug="communs", name_fr="Communs")
    network = make_network(slug="coop-group", name="Coop Group")
    initiative = make_initiative()
    initiative.themes.add(theme)
    initiative.networks.add(network)
    Link.objects.create(initiative=initiative, label="Wiki", url="https://wiki.example.org")
    props = stored_feature(initiative)["properties"]
    assert [t["slug"] for t in props["themes"]] == ["communs"]
    assert props["networks"] == [{"id": network.pk, "slug": "coop-group", "name": "Coop Group"}]
    assert props["links"] == [{"label": "Wiki", "url": "https://wiki.example.org"}]

    theme.colour = "#8b1e3f"
    theme.save()
    network.name = "Coop-Group"
    network.save()
    props = stored_feature(initiative)["properties"]
    assert props["themes"][0]["colour"] == "#8b1e3f"
    assert props["networks"][0]["name"] == "Coop-Group"

    initiative.networks.remove(network)
    initiative.themes.clear()
    assert stored_feature(initiative)["properties"]["networks"] == []
    assert stored_feature(initiative)["properties"]["themes"] == []


COPY_WITH_FEATURE = """
INSERT INTO initiatives_initiative (name, slug, kind, summary, description, location, location_precision, address,
    postal_code, commune, insee_code, department_code, region_code, scope, website, contact_email, status, source,
    source_id, created_at, updated_at, version, locked, feature)
SELECT name, slug || '-copie', kind, summary, description, location, location_precision, address, postal_code,
    commune, insee_code, department_code, region_code, scope, website, contact_email, status, source, source_id,
    created_at, updated_at, version, locked, %s
FROM initiatives_initiative WHERE id = %s RETURNING id
"""


def test_an_insert_that_brings_its_feature_keeps_it_and_an_update_rebuilds_it():
    # A bulk import inserts rows with the Features it built for the batch (initiative_features).
    initiative = make_initiative(name="Maison du libre")
    brought = stored_feature(initiative)  # the original's: its id and slug, not the copy's
    with connection.cursor() as cursor:
        cursor.execute(COPY_WITH_FEATURE, [json.dumps(brought), initiative.pk])
        copy = Initiative.objects.get(pk=cursor.fetchone()[0])
    assert stored_feature(copy) == brought

    copy.save()
    feature = stored_feature(copy)
    assert (feature["id"], feature["properties"]["slug"]) == (copy.pk, f"{initiative.slug}-copie")


def test_a_network_awaiting_moderation_is_not_listed_in_its_members_features():
    network = make_network(status="pending")
    initiative = make_initiative(networks=[network])
    assert stored_feature(initiative)["properties"]["networks"] == []


def test_every_write_bumps_the_dataset_version():
    before = Dataset.current().version
    initiative = make_initiative()
    after_create = Dataset.current().version
    assert after_create > before
    Initiative.objects.filter(pk=initiative.pk).update(summary="Nouveau résumé")
    assert Dataset.current().version > after_create


def test_reads_do_not_bump_the_dataset_version():
    make_initiative()
    before = Dataset.current().version
    list(Initiative.objects.published())
    assert Dataset.current().version == before


def test_the_feature_and_search_vector_stay_in_the_row():
    """STORAGE MAIN (migration 0006): a page of Features is read without a TOAST lookup per row."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = 'initiatives_initiative'::regclass"
            " AND attname IN ('feature', 'search_vector', 'description') ORDER BY attname"
        )
        assert cursor.fetchall() == [("description", "x"), ("feature", "m"), ("search_vector", "m")]


def test_a_feature_rebuilt_by_a_change_elsewhere_moves_updated_at_not_version():
    """What `?updated_since=` relies on: a member's Feature shows its network's name."""
    theme = make_theme(slug="communs", name_fr="Communs")
    network = make_network(slug="coop-group", name="Coop Group")
    member = make_initiative(themes=[theme], networks=[network])
    bystander = make_initiative()
    long_ago = "2020-01-01T00:00:00Z"

    def rewind():
        Initiative.objects.filter(pk__in=[member.pk, bystander.pk]).update(updated_at=long_ago)

    def moved():
        rows = Initiative.objects.filter(pk__in=[member.pk, bystander.pk], updated_at__gt=long_ago)
        return {(i.pk, i.version) for i in rows}

    rewind()
    network.name = "Coop-Group"
    network.save()
    assert moved() == {(member.pk, member.version)}
    assert stored_feature(member)["properties"]["updated_at"] != long_ago

    rewind()
    theme.colour = "#8b1e3f"
    theme.save()
    assert moved() == {(member.pk, member.version)}

    rewind()
    Link.objects.create(initiative=member, label="Wiki", url="https://wiki.example.org")
    assert moved() == {(member.pk, member.version)}

    rewind()
    Dataset.objects.filter(pk=1).update(attribution="Autre attribution")
    assert moved() == {(member.pk, member.version), (bystander.pk, bystander.version)}
