"""Every list is served in a stable order: the same data, the same bytes, page after page.
An order that only happens to hold (a hash aggregate, a heap scan) breaks the day the plan
changes, so each list's query is checked to carry its ORDER BY."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import BREST, make_initiative, make_network, make_theme

pytestmark = pytest.mark.django_db


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200, response.content
        content = b"".join(response.streaming_content) if response.streaming else response.content
    return content, [q["sql"] for q in captured.captured_queries]


def test_themes_come_in_legend_order(api):
    for slug, position in (("b-theme", 2), ("a-theme", 3), ("c-theme", 1), ("d-theme", 1)):
        make_theme(slug=slug, position=position)
    _content, queries = queries_of(api, "/api/v1/themes/")
    listing = [q for q in queries if 'FROM "initiatives_theme"' in q]
    assert listing and all("ORDER BY" in q for q in listing), listing
    assert [t["slug"] for t in api.get("/api/v1/themes/").json()] == ["c-theme", "d-theme", "b-theme", "a-theme"]


def test_networks_of_the_same_name_come_by_id(api):
    ids = [make_network(slug=f"reseau-{i}", name="Réseau").pk for i in range(3)]
    assert [n["id"] for n in api.get("/api/v1/networks/").json()["results"]] == sorted(ids)


def serves_rows(sql):
    """A read whose rows make the answer (a server-side cursor for exports): not the dataset version, the search's common-word
    check (pg_stats), a lock or an EXISTS, which answer one value, nor the map cells' refresh
    (writes) that the first clusters request after a write does."""
    text = sql.lstrip().upper()
    one_value = ("INITIATIVES_DATASET" in text.split("FROM", 1)[-1][:40] or "PG_STATS" in text or "ADVISORY" in text
                 or text.startswith("SELECT EXISTS"))  # fmt: skip
    writes = "INSERT INTO" in text or "DELETE FROM" in text
    return text.startswith(("SELECT", "WITH", "DECLARE")) and not writes and not one_value


@pytest.mark.parametrize("url", [
    "/api/v1/initiatives/", "/api/v1/initiatives/?q=maison", "/api/v1/networks/", "/api/v1/clusters/?zoom=5",
    "/api/v1/export.geojson", "/api/v1/export.csv", "/api/v1/themes/",
])  # fmt: skip
def test_every_list_query_is_ordered(api, little_map, url):
    _content, queries = queries_of(api, url)
    listing = [q for q in queries if serves_rows(q)]
    assert listing, queries
    for sql in listing:
        assert "ORDER BY" in sql.upper(), sql


def test_recent_changes_lists_networks_of_the_same_name_by_id(client):
    ids = [make_network(slug=f"reseau-{i}", name="Réseau").pk for i in range(3)]
    make_initiative(slug="membre", at=BREST)
    response = client.get("/modifications/")
    assert [n.pk for n in response.context["networks"]] == sorted(ids)
    _content, queries = queries_of(client, "/modifications/")
    listing = [q for q in queries if "\"kind\" = 'network'" in q]
    assert listing and all(q.endswith('ORDER BY "initiatives_initiative"."name" ASC, "initiatives_initiative"."id" ASC')
                           for q in listing), listing  # fmt: skip
    _content, queries = queries_of(client, "/modifications/atom/")
    assert any("ORDER BY" in q for q in queries if 'FROM "initiatives_revision"' in q)
