"""The first view's clusters in the page (frontend/first_view.py): for the view the URL names
(a shared link), or for the likely zooms of the view fitted to the data (`/`), the map page
carries the clusters of the cells around it, so the map draws them with no request
(js/embedded-clusters.js keeps the cells its own map shows). They must be what the clusters
API answers for those cells, with the same filters, and user text in them stays text."""

import json
import random
import re

import pytest

from initiatives.map_cells import cell_bounds
from tests.factories import BREST, LYON, make_initiative, make_network, make_theme

pytestmark = pytest.mark.django_db

XSS = '</script><script>alert(1)</script><img src=x onerror=alert(2)>'


def first_clusters(response):
    html = response.content.decode()
    return json.loads(re.search(r'id="map-config" type="application/json">(.*?)</script>', html, re.S).group(1))["firstClusters"]


def api_answer(client, embedded, **filters):
    """The clusters API's Features for exactly the embedded cells: a bbox just inside their edges."""
    west, south, east, north = cell_bounds(embedded["level"], *embedded["cells"])
    inset = 1e-7
    bbox = ",".join(f"{v:.7f}" for v in (west + inset, south + inset, east - inset, north - inset))
    return client.get("/api/v1/clusters/", {"zoom": embedded["zoom"], "bbox": bbox, **filters}).json()["features"]


def scatter(rng, centre, count, spread, **fields):
    for _ in range(count):
        make_initiative(at=(centre[0] + rng.uniform(-spread, spread), centre[1] + rng.uniform(-spread, spread)), **fields)


@pytest.mark.parametrize("zoom", [6, 9, 13])
def test_they_are_the_apis_clusters_of_the_cells_around_the_view(client, zoom):
    rng = random.Random(zoom)
    scatter(rng, BREST, 60, 0.3)
    scatter(rng, BREST, 20, 0.003)
    scatter(rng, LYON, 30, 2.0)
    [embedded] = first_clusters(client.get("/", {"lat": BREST[1], "lon": BREST[0], "z": zoom}))
    assert embedded["zoom"] == zoom and embedded["level"] == zoom + 2 and embedded["filters"] == ""
    assert embedded["features"] == api_answer(client, embedded)
    assert any(f["properties"].get("cluster") for f in embedded["features"])
    # A 1600 × 1024 map of 64-pixel cells: 25 or 26 columns, 16 or 17 rows around the view.
    gx0, gx1, gy0, gy1 = embedded["cells"]
    assert gx1 - gx0 + 1 in (25, 26) and gy1 - gy0 + 1 in (16, 17)


def test_the_filters_of_the_url_apply_and_are_said(client):
    communs = make_theme(slug="communs")
    rng = random.Random(1)
    scatter(rng, BREST, 30, 0.2, themes=[communs])
    scatter(rng, BREST, 30, 0.2)
    [embedded] = first_clusters(client.get("/", {"lat": BREST[1], "lon": BREST[0], "z": 8, "theme": "communs", "q": "Initiative"}))
    assert embedded["filters"] == "theme=communs&q=Initiative"
    assert embedded["features"] == api_answer(client, embedded, theme="communs", q="Initiative")
    assert sum(f["properties"].get("count", 1) for f in embedded["features"]) == 30


def test_without_a_view_they_are_the_fitted_views_likely_zooms(client):
    rng = random.Random(3)
    scatter(rng, BREST, 40, 0.5)
    scatter(rng, LYON, 40, 0.5)
    views = first_clusters(client.get("/"))
    zooms = [view["zoom"] for view in views]
    # Brest to Lyon fitted to maps from a phone's to 1600 × 1024 pixels: zoom 5 to 7, the biggest first.
    assert zooms == [7, 6, 5]
    for view in views:
        assert view["filters"] == "" and view["features"] == api_answer(client, view)
        assert sum(f["properties"].get("count", 1) for f in view["features"]) == 80
    assert first_clusters(client.get("/embed/")) == views


@pytest.mark.parametrize("query", [
    {"lat": BREST[1], "lon": BREST[0], "z": 16},  # initiatives no longer clustered: not bounded by cells
    {"lat": BREST[1], "lon": BREST[0], "z": 8.5},  # not a zoom the map shows
    {"theme": "communs"},  # a fitted view with filters: computed for each visitor, so not in the page
])  # fmt: skip
def test_none_past_the_clustered_zooms_or_for_a_filtered_fitted_view(client, query):
    make_initiative(at=BREST, themes=[make_theme(slug="communs")])
    assert first_clusters(client.get("/", query)) == []
    assert first_clusters(client.get("/embed/", query)) == []


def test_none_when_nothing_is_placed(client):
    make_network(at=None)  # a network with no seat
    assert first_clusters(client.get("/")) == []


def test_the_embed_carries_them_too(client):
    make_initiative(at=BREST)
    [embedded] = first_clusters(client.get("/embed/", {"lat": BREST[1], "lon": BREST[0], "z": 10}))
    assert len(embedded["features"]) == 1 and embedded["features"] == api_answer(client, embedded)


def test_user_text_in_them_stays_text(client):
    make_initiative(at=BREST, name=XSS, summary=XSS)
    response = client.get("/", {"lat": BREST[1], "lon": BREST[0], "z": 12})
    html = response.content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert first_clusters(response)[0]["features"][0]["properties"]["name"] == XSS


def test_a_named_view_costs_one_more_query_and_the_fitted_one_none_once_remembered(client, django_assert_num_queries):
    make_initiative(at=BREST)
    view = {"lat": BREST[1], "lon": BREST[0], "z": 8}
    client.get("/", view)
    with django_assert_num_queries(3):  # the dataset version, the themes, the first view's clusters
        assert client.get("/", view).status_code == 200
    client.get("/")
    with django_assert_num_queries(2):  # the dataset version, the themes: the rest is remembered per version
        assert client.get("/").status_code == 200
