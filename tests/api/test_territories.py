"""/api/v1/territories/ and /api/v1/territories/{kind}/{code}/."""

import pytest

from tests.factories import make_initiative

pytestmark = pytest.mark.django_db
LAVAL = (-0.7705, 48.0707)


def test_the_list_of_regions_and_departments(api, little_map, django_assert_num_queries):
    with django_assert_num_queries(2):  # dataset version, the counts
        response = api.get("/api/v1/territories/")
    rows = {(t["kind"], t["code"]): t for t in response.json()}
    assert len(rows) == 119
    bretagne = rows[("region", "53")]
    west, south, east, north = bretagne.pop("bbox")  # where a map fits it: Ouessant to Rennes' east
    assert (round(west), round(south), round(east), round(north)) == (-5, 47, -1, 49)
    assert rows[("departement", "29")]["bbox"][2] < -3.4  # Finistère ends west of Quimperlé
    assert bretagne == {
        "kind": "region", "code": "53", "name": "Bretagne", "initiative_count": 1,
        "network_count": rows[("region", "53")]["network_count"],
        "seat": {"insee": "35238", "name": "Rennes", "lon": -1.67431, "lat": 48.11109},
        "url": "http://testserver/territoires/region/53/",
        "api_url": "http://testserver/api/v1/territories/region/53/",
    }  # fmt: skip
    assert rows[("departement", "53")]["name"] == "Mayenne"


def test_region_53_and_department_53_are_two_territories(api, little_map):
    make_initiative(at=LAVAL, department_code="53", region_code="52", networks=[little_map["coop_group"]])
    bretagne = api.get("/api/v1/territories/region/53/").json()
    mayenne = api.get("/api/v1/territories/departement/53/").json()
    assert (bretagne["name"], bretagne["initiative_count"]) == ("Bretagne", 1)
    assert (mayenne["name"], mayenne["initiative_count"]) == ("Mayenne", 1)
    assert [n["slug"] for n in mayenne["networks"]] == ["coop-group"]
    assert mayenne["linking_networks"][0]["elsewhere"] == [{"code": "69", "count": 1, "name": "Rhône"}]


def test_a_territory_detail(api, little_map, django_assert_num_queries):
    with django_assert_num_queries(2):  # dataset version, the indicators
        data = api.get("/api/v1/territories/departement/29/").json()
    assert data["by_kind"] == {"place": 1}
    assert [(t["slug"], t["count"]) for t in data["by_theme"]] == [("communs", 1), ("numerique-libre", 1)]
    assert data["networks"] == [{"slug": "anim-fr", "name": "Anim-fr", "local_members": 1}]
    assert data["multi_membership_rate"] == 0.0
    assert data["api_url"] == "http://testserver/api/v1/territories/departement/29/"


@pytest.mark.parametrize("path", ["region/29", "departement/00", "commune/29019", "region/5", "region/<b>"])
def test_an_unknown_territory_is_a_json_404(api, little_map, path):
    response = api.get(f"/api/v1/territories/{path}/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "Territoire inconnu" in response.json()["detail"]


def test_a_mistyped_parameter_is_a_400(api, little_map):
    response = api.get("/api/v1/territories/", {"kind": "region"})
    assert response.status_code == 400 and list(response.json()) == ["kind"]
