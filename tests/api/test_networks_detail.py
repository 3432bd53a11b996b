"""/api/v1/networks/{slug}/ and /api/v1/networks/{slug}/members/."""

import pytest

from tests.factories import make_initiative, make_network

pytestmark = pytest.mark.django_db


def test_a_network_with_its_indicators(api, little_map):
    response = api.get("/api/v1/networks/coop-group/")
    assert response.status_code == 200
    data = response.json()
    assert (data["name"], data["has_seat"], data["direct_count"], data["transitive_count"]) == ("Coop Group", False, 2, 3)
    assert data["member_networks"] == [{"slug": "anim-fr", "name": "Anim-fr", "member_count": 1}]
    assert data["members_url"] == "http://testserver/api/v1/networks/coop-group/members/"
    assert data["multi_membership_rate"] == 0.0
    # Where to fit the map: Framasoft in Lyon; through Anim-fr, the Maison du libre in Brest too.
    assert (data["placed"], data["bbox"]) == (1, [4.8357, 45.764, 4.8357, 45.764])
    assert (data["transitive_placed"], data["transitive_bbox"]) == (2, [-4.4861, 45.764, 4.8357, 48.3904])
    assert api.get("/api/v1/networks/anim-fr/").json()["belongs_to"] == [{"slug": "coop-group", "name": "Coop Group"}]


def test_crossings_and_rate_through_the_api(api, little_map):
    make_initiative(slug="double", networks=[little_map["coop_group"], little_map["anim_fr"]])
    data = api.get("/api/v1/networks/anim-fr/").json()
    assert data["crossings"] == [{"slug": "coop-group", "name": "Coop Group", "shared": 1}]
    assert data["multi_membership_rate"] == 0.5  # Maison du libre in Anim-fr only, "double" in both


@pytest.mark.parametrize("slug", ["nope", "maison-du-libre", "pending-one", "Coop_Group", "x" * 200])
def test_an_unknown_or_unpublished_network_is_a_json_404(api, little_map, slug):
    response = api.get(f"/api/v1/networks/{slug}/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "réseau" in response.json()["detail"]
    assert api.get(f"/api/v1/networks/{slug}/members/").status_code == 404


def test_a_network_detail_costs_three_queries_then_two(api, little_map, django_assert_num_queries):
    with django_assert_num_queries(3):  # dataset version, the network, its indicators
        api.get("/api/v1/networks/coop-group/")
    with django_assert_num_queries(2):  # the indicators are remembered for this dataset version
        response = api.get("/api/v1/networks/coop-group/", {"format": "json"})
    assert response.status_code == 200


def test_a_repeat_request_gets_304(api, little_map, django_assert_num_queries):
    for url in ("/api/v1/networks/coop-group/", "/api/v1/networks/coop-group/members/",
                "/api/v1/networks/graph/", "/api/v1/territories/", "/api/v1/territories/region/53/"):  # fmt: skip
        etag = api.get(url)["ETag"]
        with django_assert_num_queries(1):
            assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304, url


def test_reads_are_open_to_every_origin(api, little_map):
    for url in ("/api/v1/networks/coop-group/", "/api/v1/networks/graph/", "/api/v1/territories/"):
        assert api.get(url, HTTP_ORIGIN="https://partner.example.org")["Access-Control-Allow-Origin"] == "*"


def test_the_members_as_geojson(api, little_map):
    response = api.get("/api/v1/networks/coop-group/members/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    collection = response.json()
    assert collection["type"] == "FeatureCollection"
    assert [f["properties"]["slug"] for f in collection["features"]] == ["anim-fr", "framasoft"]
    assert collection["features"][0]["geometry"] is None  # a seatless member network
    assert (collection["numberReturned"], collection["placed"]) == (2, 1)
    assert collection["bbox"] == [4.8357, 45.764, 4.8357, 45.764]


def test_the_members_through_member_networks(api, little_map, django_assert_num_queries):
    with django_assert_num_queries(3):  # dataset version, the network, the collection
        collection = api.get("/api/v1/networks/coop-group/members/", {"transitive": "true"}).json()
    via = {f["properties"]["slug"]: [n["name"] for n in f["properties"]["via"]] for f in collection["features"]}
    assert via == {"anim-fr": [], "framasoft": [], "maison-du-libre": ["Anim-fr"]}
    assert collection["placed"] == 2


def test_a_network_whose_members_have_no_position(api, db):
    make_network(slug="reseau-vide", networks=[make_network(slug="parent")])
    parent = api.get("/api/v1/networks/parent/").json()
    assert (parent["placed"], parent["bbox"], parent["transitive_bbox"]) == (0, None, None)
    collection = api.get("/api/v1/networks/parent/members/").json()
    assert (collection["numberReturned"], collection["placed"], collection["bbox"]) == (1, 0, None)
    empty = api.get("/api/v1/networks/reseau-vide/members/").json()
    assert (empty["features"], empty["numberReturned"], empty["bbox"]) == ([], 0, None)


@pytest.mark.parametrize("params, name", [({"transitive": "yes"}, "transitive"), ({"depth": "2"}, "depth"),
                                          ({"format": "kml"}, "format")])  # fmt: skip
def test_a_bad_parameter_is_a_400_naming_it(api, little_map, params, name):
    response = api.get("/api/v1/networks/coop-group/members/", params)
    assert response.status_code == 400
    assert list(response.json()) == [name]
