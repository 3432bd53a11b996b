"""Our data in the others' formats: data·inclusion structures (checked by the schema's own
pydantic model) and GoGoCarto JSON, and the round trip: export → import → unchanged."""

import json

import pytest
from data_inclusion.schema.v1 import Structure

from initiatives.models import Initiative, Link
from tests.factories import make_initiative
from tests.initiatives.imports.helpers import import_file, state

pytestmark = pytest.mark.django_db


def body(response):
    return b"".join(response.streaming_content).decode()


def test_data_inclusion_export_is_valid_for_the_schema(sample_data, client):
    make_initiative(name="Tiers-lieu <b>& Cie</b>", slug="tiers-lieu", description="Ligne 1\nLigne 2 & suite",
                    contact_email="contact@tiers.example.org", website="https://tiers.example.org/",
                    postal_code="29200", insee_code="29019", commune="Brest")  # fmt: skip
    make_initiative(name="Té", slug="te")  # too short for the schema: left out

    response = client.get("/api/v1/export.data-inclusion.json")

    assert response.status_code == 200
    structures = json.loads(body(response))
    published = Initiative.objects.published().exclude(slug="te")
    assert sorted(s["id"] for s in structures) == sorted(published.values_list("slug", flat=True))
    for record in structures:
        Structure.model_validate(record)  # raises if the schema refuses it
    tiers = next(s for s in structures if s["id"] == "tiers-lieu")
    assert tiers["nom"] == "Tiers-lieu <b>& Cie</b>"  # text stays text
    assert (tiers["source"], tiers["code_insee"], tiers["courriel"]) == ("carte-des-reseaux", "29019", "contact@tiers.example.org")
    assert tiers["lien_source"].endswith("/initiatives/tiers-lieu/")


def test_gogocarto_export_has_geo_categories_and_escaped_descriptions(sample_data, client):
    make_initiative(name="Atelier", slug="atelier", summary="A < B & C\nsuite", at=(-4.5, 48.4))

    response = client.get("/api/v1/export.gogocarto.json")

    assert response.status_code == 200
    data = json.loads(body(response))
    assert data["ontology"] == "gogofull"
    atelier = next(e for e in data["data"] if e["id"] == "atelier")
    assert atelier["geo"] == {"latitude": 48.4, "longitude": -4.5}
    assert atelier["description"] == "A &lt; B &amp; C<br>suite"
    located = Initiative.objects.published().filter(location__isnull=False)
    assert len(data["data"]) == located.count()


def test_a_repeat_request_is_not_modified(sample_data, client):
    first = client.get("/api/v1/export.gogocarto.json")
    again = client.get("/api/v1/export.gogocarto.json", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize(("url", "fmt"), [("/api/v1/export.data-inclusion.json", "data-inclusion"),
                                          ("/api/v1/export.gogocarto.json", "gogocarto"),
                                          ("/api/v1/export.geojson", "geojson"),
                                          ("/api/v1/export.csv", "csv")])  # fmt: skip
def test_round_trip_export_import_is_unchanged(sample_data, client, tmp_path, url, fmt):
    initiative = make_initiative(name="Café & Cie", slug="cafe", summary="-Première ligne\n\nSeconde <ligne>",
                                 description="Détails : 100 % coopératif.", commune="Brest", insee_code="29019",
                                 postal_code="29200", address="1 rue de Siam", contact_email="cafe@example.org",
                                 website="https://cafe.example.org/", at=(-4.486123, 48.390456),
                                 location_precision="exact")  # fmt: skip
    Link.objects.create(initiative=initiative, label="Blog", url="https://blog.example.org/")
    exported = body(client.get(url)).encode()
    before = state()

    output = import_file(tmp_path, exported, fmt, "--source", "carte-des-reseaux")

    rows = [line for line in output.splitlines() if line.startswith(("élément", "ligne"))]
    assert rows and all("· inchangée ·" in line for line in rows), output
    assert "0 créée(s), 0 modifiée(s)" in output
    assert state() == before
