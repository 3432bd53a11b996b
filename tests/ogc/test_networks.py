"""/ogc/collections/networks: published networks with their footprints."""

import pytest

from tests.factories import BREST, LILLE, LYON, make_initiative, make_network

pytestmark = pytest.mark.django_db

NETWORKS = "/ogc/collections/networks/items"


@pytest.fixture
def networks(db):
    three = make_network(slug="trois", name="Trois villes")
    two = make_network(slug="deux", name="Deux villes")
    lonely = make_network(slug="seul", name="Un membre")
    empty = make_network(slug="vide", name="Sans membre")
    make_network(slug="cache", name="En attente", status="pending")
    make_initiative(slug="brest", at=BREST, networks=[three, two, lonely])
    make_initiative(slug="lille", at=LILLE, networks=[three, two])
    make_initiative(slug="lyon", at=LYON, networks=[three])
    make_network(slug="membre-reseau", networks=[three])  # a member network: no location
    make_initiative(slug="en-attente", at=(7.0, 43.7), networks=[three], status="pending")
    return {"three": three, "two": two, "lonely": lonely, "empty": empty}


def by_slug(response):
    assert response.status_code == 200, response.content
    return {f["properties"]["slug"]: f for f in response.json()["features"]}


def test_a_footprint_is_the_hull_of_the_published_located_members(api, networks):
    features = by_slug(api.get(NETWORKS))
    assert set(features) == {"trois", "deux", "seul", "vide", "membre-reseau"}
    three = features["trois"]
    assert three["geometry"]["type"] == "Polygon"
    ring = {tuple(point) for point in three["geometry"]["coordinates"][0]}
    assert ring == {BREST, LILLE, LYON}  # not the pending member at (7.0, 43.7)
    assert three["properties"]["member_count"] == 4  # the member network counts, unseen
    assert three["properties"]["located_member_count"] == 3
    assert features["deux"]["geometry"]["type"] == "LineString"
    assert features["seul"]["geometry"] == {"type": "Point", "coordinates": list(BREST)}
    assert features["vide"]["geometry"] is None


def test_bbox_keeps_the_footprints_that_cross_it(api, networks):
    # Between Brest and Lyon, south of Lille: inside the triangle, away from any member.
    assert set(by_slug(api.get(NETWORKS, {"bbox": "0,47,1,48"}))) == {"trois"}
    assert set(by_slug(api.get(NETWORKS, {"bbox": "2.9,50.5,3.2,50.7"}))) == {"trois", "deux"}


def test_one_network_and_its_paging(api, networks, django_assert_num_queries):
    feature = api.get(f"{NETWORKS}/{networks['two'].pk}").json()
    assert feature["properties"]["name"] == "Deux villes"
    assert {link["rel"] for link in feature["links"]} >= {"self", "collection"}
    assert api.get(f"{NETWORKS}/{networks['three'].pk + 1000}").status_code == 404
    with django_assert_num_queries(2):
        body = api.get(NETWORKS, {"limit": 3}).json()
    assert len(body["features"]) == 3
    assert any(link["rel"] == "next" for link in body["links"])


def test_the_collection_s_extent_covers_the_members(api, networks):
    collection = api.get("/ogc/collections/networks").json()
    assert collection["extent"]["spatial"]["bbox"] == [[BREST[0], LYON[1], LYON[0], LILLE[1]]]
