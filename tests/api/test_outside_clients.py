"""Outside clients read our formats with their own tools: feedparser and lxml the Atom feeds,
pyld the JSON-LD, Python's csv module the CSV (GDAL: test_gis_clients.py)."""

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from lxml import etree
from pyld import jsonld

from initiatives import services, snapshots
from tests.factories import BREST, make_initiative, make_network, make_user

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SCHEMA_ORG_CONTEXT = json.loads((Path(__file__).parent / "data" / "schemaorg-context.jsonld").read_text())
TAG_URI = re.compile(r"^tag:[a-z0-9.-]+,\d{4}(-\d\d(-\d\d)?)?:\S+$")  # RFC 4151


def is_absolute_iri(value):
    parts = urlsplit(value)
    return bool(TAG_URI.match(value)) or (parts.scheme in ("http", "https") and bool(parts.netloc))


# --- Atom ---------------------------------------------------------------------------------


@pytest.fixture
def changes(little_map):
    moderator = make_user("morgane", role="moderator")
    for initiative in (little_map["maison"], little_map["roumics"]):
        services.record_import(initiative)
    maison = little_map["maison"]
    maison.refresh_from_db()
    data = {**snapshots.take(maison), "summary": "Résumé corrigé"}
    services.propose_change(initiative=maison, data=data, base_version=maison.version, author=moderator)
    return little_map


@pytest.mark.parametrize("url", ["/modifications/atom/", "/modifications/atom/theme/communs/",
                                 "/modifications/atom/reseau/anim-fr/"])  # fmt: skip
def test_feedparser_reads_the_atom_feeds_without_complaint(client, changes, url):
    response = client.get(url)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.entries
    assert is_absolute_iri(parsed.feed.id) and parsed.feed.updated_parsed
    for entry in parsed.entries:
        assert entry.updated_parsed, entry
        assert is_absolute_iri(entry.id), entry.id
        assert entry.link.startswith("http://testserver/initiatives/")
    assert len({e.id for e in parsed.entries}) == len(parsed.entries)


def test_every_atom_entry_has_what_rfc_4287_requires(client, changes):
    """atom:entry MUST contain exactly one atom:id, atom:title and atom:updated, and an
    atom:author when the feed has none (RFC 4287, 4.1.2)."""
    root = etree.fromstring(client.get("/modifications/atom/").content)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{name}")) == 1, name
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 3
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert entry.find(f"{ATOM}author/{ATOM}name").text
        assert TAG_URI.match(entry.find(f"{ATOM}id").text)


def test_atom_ids_do_not_move_when_the_initiative_is_renamed(client, changes):
    before = {e.id for e in feedparser.parse(client.get("/modifications/atom/").content).entries}
    roumics = changes["roumics"]
    roumics.refresh_from_db()
    data = {**snapshots.take(roumics), "name": "Les Roumics 2026"}
    services.propose_change(initiative=roumics, data=data, base_version=roumics.version,
                            author=make_user("mod2", role="moderator"))  # fmt: skip
    after = {e.id for e in feedparser.parse(client.get("/modifications/atom/").content).entries}
    assert before < after


# --- JSON-LD ------------------------------------------------------------------------------


def offline_loader(url, options=None):
    """schema.org's context from our pinned copy; any other URL is a test failure."""
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_ORG_CONTEXT}
    raise AssertionError(f"JSON-LD processing wanted {url}")


def expand(document):
    return jsonld.expand(document, {"documentLoader": offline_loader})


SCHEMA = "http://schema.org/"


def test_pyld_expands_a_type_per_kind_and_the_licence_as_a_url(api, little_map):
    document = api.get("/api/v1/initiatives/", {"format": "jsonld"}).json()
    nodes = {n[f"{SCHEMA}identifier"][0]["@value"]: n for n in expand(document)}
    types = {slug: node["@type"] for slug, node in nodes.items()}
    assert types == {
        "maison-du-libre": [f"{SCHEMA}Place"], "roumics": [f"{SCHEMA}Event"],
        "framasoft": [f"{SCHEMA}Organization"], "coop-group": [f"{SCHEMA}Organization"],
        "anim-fr": [f"{SCHEMA}Organization"],
    }  # fmt: skip
    for node in nodes.values():
        assert node[f"{SCHEMA}license"] == [{"@id": "https://opendatacommons.org/licenses/odbl/1-0/"}]
    geo = nodes["maison-du-libre"][f"{SCHEMA}geo"][0]
    assert geo[f"{SCHEMA}latitude"] == [{"@value": 48.3904}]


def test_every_iri_in_the_expanded_json_ld_is_absolute(api, little_map):
    for url in ("/api/v1/initiatives/", "/api/v1/initiatives/maison-du-libre/"):
        expanded = expand(api.get(url, {"format": "jsonld"}).json())
        iris = []

        def walk(value):
            if isinstance(value, dict):
                iris.extend(v for k, v in value.items() if k == "@id")
                types = value.get("@type", [])  # a node's types: a list; a value's datatype: one
                iris.extend([types] if isinstance(types, str) else types)
                iris.extend(k for k in value if not k.startswith("@"))
                for v in value.values():
                    walk(v)
            elif isinstance(value, list):
                for v in value:
                    walk(v)

        walk(expanded)
        assert iris and all(is_absolute_iri(iri) for iri in iris), [i for i in iris if not is_absolute_iri(i)]


# --- CSV ----------------------------------------------------------------------------------


@pytest.fixture
def ain(db):
    """Codes with leading zeros: what spreadsheets turn into numbers if they are not text."""
    return make_initiative(slug="bourg", name="Tiers-lieu de Bourg", at=(5.2258, 46.2052), commune="Bourg-en-Bresse",
                           postal_code="01000", insee_code="01053", department_code="01", region_code="84")  # fmt: skip


def test_csv_codes_are_text_and_coordinates_numbers_to_a_typing_reader(api, ain):
    for url in ("/api/v1/initiatives/?format=csv", "/api/v1/export.csv", "/api/v1/initiatives/bourg/?format=csv"):
        response = api.get(url)
        text = (b"".join(response.streaming_content) if response.streaming else response.content).decode()
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), quoting=csv.QUOTE_NONNUMERIC))
        row = dict(zip(rows[0], rows[1]))
        assert (row["postal_code"], row["insee_code"], row["department_code"], row["region_code"]) == (
            "01000", "01053", "01", "84"), url
        assert (row["longitude"], row["latitude"]) == (5.2258, 46.2052)
        assert row["id"] == ain.pk and row["version"] == 1


def test_csv_for_french_spreadsheets_uses_semicolons_and_decimal_commas(api, ain):
    for url in ("/api/v1/initiatives/?format=csv&sep=;", "/api/v1/export.csv?sep=;",
                "/api/v1/initiatives/bourg/?format=csv&sep=%3B"):  # fmt: skip
        response = api.get(url)
        assert response.status_code == 200, response.content
        text = (b"".join(response.streaming_content) if response.streaming else response.content).decode()
        assert text.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
        row = dict(zip(rows[0], rows[1]))
        assert (row["longitude"], row["latitude"], row["insee_code"]) == ("5,2258", "46,2052", "01053")
        assert ';"01053";' in text  # quoted: text to a spreadsheet that types by quoting


def test_csv_separator_is_checked_and_other_formats_ignore_it(api, ain):
    for query in ({"format": "csv", "sep": "|"}, {"format": "geojson", "sep": "\t"}):
        response = api.get("/api/v1/initiatives/", query)
        assert response.status_code == 400 and "sep" in response.json(), query
    assert api.get("/api/v1/export.csv", {"sep": "\t"}).status_code == 400
    geojson = api.get("/api/v1/initiatives/", {"sep": ";"})
    assert geojson.status_code == 200 and geojson.json()["features"][0]["geometry"]["coordinates"] == [5.2258, 46.2052]


def test_csv_with_and_without_semicolons_have_their_own_etags(api, ain):
    plain = api.get("/api/v1/initiatives/", {"format": "csv"})["ETag"]
    french = api.get("/api/v1/initiatives/", {"format": "csv", "sep": ";"})["ETag"]
    assert plain != french


def test_an_initiative_without_location_is_an_empty_cell(api, db):
    make_network(slug="nulle-part")  # only a network may be seatless
    text = api.get("/api/v1/initiatives/", {"format": "csv", "sep": ";"}).content.decode()
    row = dict(zip(*list(csv.reader(io.StringIO(text[1:]), delimiter=";"))[:2]))
    assert (row["longitude"], row["latitude"]) == ("", "")


def test_brest_coordinates_round_trip_in_both_separators(api, db):
    make_initiative(slug="brest", at=BREST)
    for sep, convert in ((",", float), (";", lambda v: float(v.replace(",", ".")))):
        text = api.get("/api/v1/initiatives/", {"format": "csv", "sep": sep}).content.decode()
        row = dict(zip(*list(csv.reader(io.StringIO(text[1:]), delimiter=sep))[:2]))
        assert (convert(row["longitude"]), convert(row["latitude"])) == pytest.approx(BREST)
