"""The same data as CSV (spreadsheets) and JSON-LD (schema.org), list and detail."""

import csv
import io

import pytest

from tests.factories import make_initiative

pytestmark = pytest.mark.django_db


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheets then read the accents right
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_csv_has_one_row_per_initiative_with_multi_values_joined(api, little_map):
    response = api.get("/api/v1/initiatives/", {"format": "csv", "theme": "communs"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    assert [r["slug"] for r in rows] == ["maison-du-libre", "roumics"]
    maison = rows[0]
    assert maison["themes"] == "Numérique libre | Communs" or maison["themes"] == "Communs | Numérique libre"
    assert maison["networks"] == "Anim-fr"
    assert (maison["longitude"], maison["latitude"]) == ("-4.4861", "48.3904")
    assert maison["links"] == "Wiki <https://wiki.example.org/maison>"
    assert maison["license"] == "ODbL-1.0"


def test_csv_neutralises_spreadsheet_formulas(api, db):
    make_initiative(name="=HYPERLINK(\"http://evil.example\")", summary="+cmd|' /C calc'!A0")
    row = read_csv(api.get("/api/v1/initiatives/", {"format": "csv"}))[0]
    assert row["name"] == "'=HYPERLINK(\"http://evil.example\")"
    assert row["summary"].startswith("'+")


def test_accept_header_negotiates_csv_too(api, little_map):
    response = api.get("/api/v1/initiatives/", HTTP_ACCEPT="text/csv")
    assert response["Content-Type"].startswith("text/csv")


def test_jsonld_is_schema_org_with_a_type_per_kind(api, little_map):
    response = api.get("/api/v1/initiatives/", {"format": "jsonld"})
    assert response["Content-Type"].startswith("application/ld+json")
    body = response.json()
    assert body["@context"] == "https://schema.org"
    nodes = {n["identifier"]: n for n in body["@graph"]}
    place, event, collective = nodes["maison-du-libre"], nodes["roumics"], nodes["framasoft"]
    assert (place["@type"], event["@type"], collective["@type"]) == ("Place", "Event", "Organization")
    assert nodes["coop-group"]["@type"] == "Organization"  # a network
    # A Place has its own geo and address; the others are at a location.
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 48.3904, "longitude": -4.4861}
    assert "location" not in place and "memberOf" not in place
    assert event["location"]["@type"] == "Place" and "memberOf" not in event
    assert [m["name"] for m in collective["memberOf"]] == ["Coop Group"]
    assert collective["memberOf"][0]["@id"].endswith("/initiatives/coop-group/")
    assert {n["license"] for n in nodes.values()} == {"https://opendatacommons.org/licenses/odbl/1-0/"}


def test_detail_by_slug_or_id_in_every_format(api, little_map):
    maison = little_map["maison"]
    by_slug = api.get("/api/v1/initiatives/maison-du-libre/")
    by_id = api.get(f"/api/v1/initiatives/{maison.pk}/")
    assert by_slug.status_code == by_id.status_code == 200
    assert by_slug.json() == by_id.json()
    assert by_slug.json()["type"] == "Feature"
    assert by_slug.json()["properties"]["name"] == "Maison du libre"
    assert read_csv(api.get("/api/v1/initiatives/maison-du-libre/", {"format": "csv"}))[0]["slug"] == "maison-du-libre"
    assert api.get("/api/v1/initiatives/maison-du-libre/", {"format": "jsonld"}).json()["@graph"][0]["name"] == "Maison du libre"


@pytest.mark.parametrize("key", ["pending-one", "archived-one", "nope", "999999"])
def test_detail_of_anything_unpublished_or_unknown_is_a_404(api, little_map, key):
    response = api.get(f"/api/v1/initiatives/{key}/")
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize("key", ["%C2%B2", "%D9%A3", "%00", "maison%00", "Maison-du-libre", "maison--du-libre",
                                 "99999999999999999999999", "x" * 121])  # fmt: skip
def test_a_key_that_is_neither_an_id_nor_a_slug_is_a_404_on_every_method(api, little_map, key):
    """"²" is a digit to str.isdigit() but not to int(), "٣" (an Arabic-Indic 3) is one to both;
    PostgreSQL refuses a NUL byte; a number beyond bigint overflows it: each is a 404."""
    url = f"/api/v1/initiatives/{key}/"
    assert api.get(url).status_code == 404
    for method in (api.patch, api.put):
        response = method(url, {"summary": "x"}, format="json", HTTP_IF_MATCH='"i1-v1-x"')
        assert response.status_code == 404, response.content
        assert response.json()["detail"]


def test_detail_rejects_unknown_parameters(api, little_map):
    assert api.get("/api/v1/initiatives/maison-du-libre/", {"bbox": "1,2,3,4"}).status_code == 400


def test_themes_list_their_legend_colour_and_published_count(api, little_map):
    response = api.get("/api/v1/themes/")
    assert response.status_code == 200
    themes = {t["slug"]: t for t in response.json()}
    assert themes["communs"] == {"slug": "communs", "name_fr": "Communs", "name_en": "Commons",
                                 "colour": "#1d4e89", "initiative_count": 2}  # fmt: skip


def test_the_themes_cost_two_queries_whatever_their_number(api, little_map, django_assert_num_queries):
    from tests.factories import make_theme

    for _ in range(10):
        make_initiative(themes=[make_theme()])
    with django_assert_num_queries(2):  # dataset version + themes with their counts
        response = api.get("/api/v1/themes/")
    assert len(response.json()) == 12


def test_networks_list_their_member_count(api, little_map, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = api.get("/api/v1/networks/")
    networks = {n["slug"]: n for n in response.json()["results"]}
    assert set(networks) == {"anim-fr", "coop-group"}
    assert networks["coop-group"]["member_count"] == 2  # anim-fr and framasoft
    assert networks["anim-fr"]["member_count"] == 1
    assert networks["anim-fr"]["url"].endswith("/initiatives/anim-fr/")
