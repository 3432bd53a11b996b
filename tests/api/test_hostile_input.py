"""Hand-made input a real client sent: each gets a 400 that names what is wrong, in JSON,
and nothing is written — never a 5xx, never a silent 202."""

import json

import pytest

from tests.api.test_proposals import NEW, URL, counts, etag_of, token_client
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("extra", [{"status": "published"}, {"locked": True}, {"slug": "a-moi"}, {"version": 99}])
def test_an_unknown_body_field_is_a_400_naming_it(api, world, extra):
    before = counts()
    response = api.post(URL, {**NEW, **extra}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == list(extra)
    assert "Champ inconnu" in response.json()[next(iter(extra))][0]
    assert counts() == before
    patch = api.patch(f"{URL}maison-du-libre/", extra, format="json", HTTP_IF_MATCH=etag_of(api, "maison-du-libre"))
    assert patch.status_code == 400 and list(patch.json()) == list(extra)
    assert counts() == before


def test_unknown_fields_are_named_beside_the_other_errors(api, world):
    response = api.post(URL, {**NEW, "kind": "spaceship", "statut": "x",
                              "links": [{"label": "Wiki", "url": "https://w.example.org", "rel": "me"}]},
                        format="json")  # fmt: skip
    assert response.status_code == 400
    errors = response.json()
    assert {"kind", "statut", "links"} <= set(errors)
    assert "rel" in json.dumps(errors["links"])


def test_a_write_answers_json_whatever_format_is_asked(api, world):
    for query in ("?format=csv", "?format=jsonld", "?format=geojson"):
        response = api.post(f"{URL}{query}", NEW, format="json")
        assert response.status_code == 400, query
        assert response["Content-Type"] == "application/json"
        assert "format" in response.json()
    accepted = api.post(URL, NEW, format="json", HTTP_ACCEPT="text/csv")
    assert accepted.status_code == 202
    assert accepted["Content-Type"] == "application/json"
    assert accepted.json()["status"] == "pending"


def test_json_nested_950_deep_is_a_400(api, world):
    client = token_client(make_user("tina", role="trusted"))
    body = '{"name": ' + "[" * 950 + "]" * 950 + "}"
    before = counts()
    for response in (api.post(URL, body, content_type="application/json"),
                     client.patch(f"{URL}maison-du-libre/", body, content_type="application/json",
                                  HTTP_IF_MATCH=etag_of(client, "maison-du-libre"))):  # fmt: skip
        assert response.status_code == 400
        assert "imbriqué" in response.json()["detail"]
    assert counts() == before


def test_brackets_inside_strings_do_not_count_as_nesting(api, world):
    response = api.post(URL, {**NEW, "description": "[{" * 500}, format="json")
    assert response.status_code == 202, response.content


@pytest.mark.parametrize("query", ["theme=%00", "network=%00", "theme=a%00b", "q=%00", "department=%00",
                                   "region=%00", "kind=%00", "updated_since=%00", "bbox=%00", "page=%00"])  # fmt: skip
def test_a_nul_byte_in_a_filter_is_a_400(api, world, query):
    for url in (f"{URL}?{query}", f"/api/v1/clusters/?zoom=5&{query}"):
        if url.startswith("/api/v1/clusters/") and query.startswith("page"):
            continue
        response = api.get(url)
        assert response.status_code == 400, (url, response.content)
        assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("query", ["theme=%00", "network=%00", "theme=a%00b", "network=%27%3Cx%3E"])
def test_a_nul_byte_in_the_recent_changes_filters_is_a_400(client, world, query):
    response = client.get(f"/modifications/?{query}")
    assert response.status_code == 400
    assert "Filtre invalide" in response.content.decode()


def test_an_offset_postgresql_does_not_know_is_read_in_utc(api, world):
    """ISO 8601 allows a -16:30 offset, PostgreSQL only ±15:59 (found by schemathesis: a 500)."""
    for url in ("/api/v1/initiatives/", "/api/v1/clusters/?zoom=9&"):
        sep = "&" if "?" in url else "?"
        assert api.get(f"{url}{sep}updated_since=0379-03-19T09%3A45%3A47.3-16%3A30").status_code == 200
        response = api.get(f"{url}{sep}updated_since=0001-01-01T00%3A00%3A00%2B01%3A00")
        assert response.status_code == 400 and "updated_since" in response.json()


def test_an_empty_format_is_a_400_as_the_schema_says(api, world):
    for url in (f"{URL}?format=", f"{URL}maison-du-libre/?format=", "/api/v1/themes/?format="):
        response = api.get(url)
        assert response.status_code == 400 and "format" in response.json(), url
    response = api.patch(f"{URL}maison-du-libre/?format=", {"summary": "x"}, format="json", HTTP_IF_MATCH="*")
    assert response.status_code == 400 and "format" in response.json()


def test_a_number_where_the_schema_says_text_is_a_400(api, world):
    """DRF would read 0 as "0" (found by schemathesis: the schema says string)."""
    before = counts()
    response = api.post(URL, {**NEW, "name": 42, "change_summary": 0, "links": [{"label": 1, "url": "https://a.example"}]},
                        format="json")  # fmt: skip
    assert response.status_code == 400
    assert {"name", "change_summary", "links"} <= set(response.json())
    assert counts() == before
