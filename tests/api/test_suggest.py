"""/api/v1/suggest/: the map's search box in the map's own words."""

import pytest

from tests.factories import make_network

pytestmark = pytest.mark.django_db
URL = "/api/v1/suggest/"


def suggest(api, q, **params):
    response = api.get(URL, {"q": q, **params})
    assert response.status_code == 200, response.content
    return response.json()


def test_a_theme_and_a_region_are_both_filters(api, little_map, django_assert_num_queries):
    with django_assert_num_queries(3):  # dataset version, themes, networks
        data = suggest(api, "communs bretagne")
    assert data["filters"] == {"theme": ["communs"], "region": ["53"], "department": [], "q": ""}
    assert [t["slug"] for t in data["themes"]] == ["communs"]
    bretagne = data["places"][0]
    assert (bretagne["kind"], bretagne["code"], bretagne["name"]) == ("region", "53", "Bretagne")
    west, south, east, north = bretagne["bbox"]
    assert -5.2 < west < -4.9 and 48.6 < north < 48.9 and east < -1.0  # Ouessant to Ille-et-Vilaine


def test_small_words_between_named_things_are_left_out(api, little_map):
    data = suggest(api, "Les communs en Bretagne")
    assert data["filters"] == {"theme": ["communs"], "region": ["53"], "department": [], "q": ""}


def test_a_department_by_name_or_code(api, little_map):
    for text in ("29", "Finistère", "finistere"):
        data = suggest(api, text)
        assert data["filters"]["department"] == ["29"], text
        assert data["places"][0]["label"] == "Finistère (29)"
    assert suggest(api, "2a")["filters"]["department"] == ["2A"]


def test_a_town_or_its_postal_code_is_a_place_not_words_to_search(api, little_map):
    for text in ("Morlaix", "29600"):
        data = suggest(api, text)
        morlaix = data["places"][0]
        assert (morlaix["kind"], morlaix["code"], morlaix["name"]) == ("commune", "29151", "Morlaix"), text
        assert (round(morlaix["lon"], 1), round(morlaix["lat"], 1)) == (-3.8, 48.6)
        assert data["filters"]["q"] == ""


def test_a_typo_in_a_town_still_finds_it(api, little_map, django_assert_num_queries):
    with django_assert_num_queries(4):  # dataset version, themes, networks, the trigram match
        data = suggest(api, "brst")
    assert data["places"][0]["name"] == "Brest"
    assert data["filters"]["q"] == ""


def test_an_initiatives_name_is_left_to_the_search(api, little_map):
    data = suggest(api, "maison du libre")
    assert data["places"] == []
    assert data["filters"] == {"theme": [], "region": [], "department": [], "q": "maison du libre"}


def test_a_network_name_is_proposed_typos_forgiven(api, little_map):
    make_network(slug="reseau-des-communs", name="Réseau des Communs", status="pending")
    assert [n["slug"] for n in suggest(api, "coop grop")["networks"]] == ["coop-group"]
    assert suggest(api, "reseau des communs")["networks"] == []  # not published


def test_the_start_of_a_territory_proposes_it(api, little_map):
    data = suggest(api, "bret")
    assert data["places"][0]["name"] == "Bretagne"
    assert data["filters"]["q"] == "bret"  # not a whole name: still searched for


@pytest.mark.parametrize("params, name", [({}, "q"), ({"q": "a"}, "q"), ({"q": "x" * 101}, "q"),
                                          ({"q": "brest", "limit": "0"}, "limit"),
                                          ({"q": "brest", "where": "29"}, "where")])  # fmt: skip
def test_a_bad_parameter_is_a_400_naming_it(api, little_map, params, name):
    response = api.get(URL, params)
    assert response.status_code == 400
    assert list(response.json()) == [name]


def test_a_repeat_is_a_304_and_other_sites_may_read_it(api, little_map):
    first = api.get(URL, {"q": "brest"}, HTTP_ORIGIN="https://partner.example")
    assert first["Access-Control-Allow-Origin"] == "*"
    again = api.get(URL, {"q": "brest"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
