"""GET /api/v1/initiatives/ — the partners' GeoJSON feed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.models import Initiative

URL = "/api/v1/initiatives/"
pytestmark = pytest.mark.django_db


def slugs(response):
    assert response.status_code == 200, response.content
    return sorted(f["properties"]["slug"] for f in response.json()["features"])


def test_it_is_an_rfc7946_feature_collection_of_published_initiatives(api, little_map):
    response = api.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert "crs" not in body
    assert body["license"] == "ODbL-1.0"
    assert body["numberReturned"] == 5
    assert slugs(response) == ["anim-fr", "coop-group", "framasoft", "maison-du-libre", "roumics"]
    maison = next(f for f in body["features"] if f["properties"]["slug"] == "maison-du-libre")
    assert maison["id"] == little_map["maison"].pk
    assert maison["geometry"] == {"type": "Point", "coordinates": [-4.4861, 48.3904]}  # lon, lat
    props = maison["properties"]
    assert [t["slug"] for t in props["themes"]] == sorted(t["slug"] for t in props["themes"])
    assert {t["colour"] for t in props["themes"]} >= {"#1d4e89"}
    assert props["networks"] == [{"id": little_map["anim_fr"].pk, "slug": "anim-fr", "name": "Anim-fr"}]
    assert props["links"] == [{"label": "Wiki", "url": "https://wiki.example.org/maison"}]
    assert props["url"].endswith("/initiatives/maison-du-libre/")
    assert props["api_url"].endswith("/api/v1/initiatives/maison-du-libre/")
    assert props["version"] == 1 and props["attribution"]
    networks = [f for f in body["features"] if f["properties"]["kind"] == "network"]
    assert all(f["geometry"] is None for f in networks)  # seatless networks


def test_user_text_comes_back_exactly_as_stored(api, db):
    from tests.factories import make_initiative

    payload = '</script><script>alert("x")</script> \\ "quotes" & <b>é</b>'
    make_initiative(name=payload, summary=payload)
    feature = api.get(URL).json()["features"][0]
    assert feature["properties"]["name"] == payload
    assert feature["properties"]["summary"] == payload


@pytest.mark.parametrize("query,expected", [
    ("bbox=-5,48,-4,49", ["maison-du-libre"]),
    ("bbox=-5,42,5,51", ["framasoft", "maison-du-libre", "roumics"]),
    ("near=4.8357,45.764&radius=1000", ["framasoft"]),
    ("near=4.8357,45.764&radius=600000", ["framasoft", "roumics"]),  # Lille is ~560 km away
    ("theme=communs", ["maison-du-libre", "roumics"]),
    ("theme=communs&theme=numerique-libre", ["framasoft", "maison-du-libre", "roumics"]),
    ("theme=communs,numerique-libre", ["framasoft", "maison-du-libre", "roumics"]),
    ("theme=no-such-theme", []),
    ("network=coop-group", ["anim-fr", "framasoft"]),
    ("network=coop-group&transitive=true", ["anim-fr", "framasoft", "maison-du-libre"]),
    ("network=no-such-network", []),
    ("kind=place", ["maison-du-libre"]),
    ("kind=place,event", ["maison-du-libre", "roumics"]),
    ("department=29", ["maison-du-libre"]),
    ("region=32&region=84", ["framasoft", "roumics"]),
    ("q=cooperation", ["maison-du-libre", "roumics"]),
    ("q=COOPÉRATIFS", ["maison-du-libre", "roumics"]),  # French stemming
    ("q=framasfot", ["framasoft"]),
    ("theme=communs&bbox=-5,48,-4,49", ["maison-du-libre"]),
    ("theme=communs&region=32&q=rencontres", ["roumics"]),
    ("network=coop-group&transitive=1&theme=communs&kind=place", ["maison-du-libre"]),
])  # fmt: skip
def test_filters_and_their_combinations(api, little_map, query, expected):
    assert slugs(api.get(f"{URL}?{query}")) == expected


def test_updated_since(api, little_map):
    Initiative.objects.filter(slug="roumics").update(updated_at="2030-01-01T00:00:00Z")
    assert slugs(api.get(URL, {"updated_since": "2029-12-31T23:00:00Z"})) == ["roumics"]
    assert slugs(api.get(URL, {"updated_since": "2029-12-31"})) == ["roumics"]
    assert slugs(api.get(URL, {"updated_since": "2030-01-01T00:30:00+01:00"})) == ["roumics"]
    assert slugs(api.get(URL, {"updated_since": "2030-01-02"})) == []


@pytest.mark.parametrize("moment,found", [
    ("2029-12-31 23:00:00", True), ("2030-01-01 00:30:00", False),  # a space instead of the T
    ("2030-01-01 00:30:00+01:00", True), ("2030-01-01T00:30:00 01:00", True),  # a "+" decoded as a space
])  # fmt: skip
def test_updated_since_accepts_a_space_between_date_and_time(api, little_map, moment, found):
    Initiative.objects.filter(slug="roumics").update(updated_at="2030-01-01T00:00:00Z")
    response = api.get(f"{URL}?updated_since={moment.replace(' ', '%20').replace('+', '%2B')}")
    assert response.status_code == 200, response.content
    assert slugs(response) == (["roumics"] if found else [])


def test_search_puts_the_best_match_first(api, little_map):
    features = api.get(URL, {"q": "maison libre"}).json()["features"]
    assert features[0]["properties"]["slug"] == "maison-du-libre"


def test_pagination_links_can_be_followed_in_a_stable_order(api, little_map):
    seen = []
    url = f"{URL}?page_size=2&theme=communs,numerique-libre"
    pages = 0
    while url:
        response = api.get(url)
        body = response.json()
        seen += [f["id"] for f in body["features"]]
        pages += 1
        links = {link["rel"]: link["href"] for link in body["links"]}
        if pages > 1:
            assert "prev" in links
        url = links.get("next")
        if url:
            assert 'rel="next"' in response["Link"]
    assert pages == 2
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 3


def test_a_page_past_the_end_is_a_404_naming_the_parameter(api, little_map):
    response = api.get(URL, {"page": 99})
    assert response.status_code == 404
    assert "page" in response.json()


@pytest.mark.parametrize("query,parameter", [
    ("bbox=1,2,3", "bbox"),
    ("bbox=a,b,c,d", "bbox"),
    ("bbox=5,48,4,49", "bbox"),
    ("bbox=-200,48,4,49", "bbox"),
    ("bbox=nan,1,2,3", "bbox"),
    ("near=4.8,45.7&radius=-5", "radius"),
    ("near=4.8,45.7&radius=99999999", "radius"),
    ("near=4.8,45.7", "radius"),
    ("radius=100", "near"),
    ("near=abc,45&radius=10", "near"),
    ("near=4.8,95&radius=10", "near"),
    ("kind=spaceship", "kind"),
    ("department=Finistère", "department"),
    ("region=bretagne", "region"),
    ("updated_since=yesterday", "updated_since"),
    ("updated_since=2026-13-45", "updated_since"),
    ("format=xml", "format"),
    ("network=coop-group&transitive=maybe", "transitive"),
    ("page=0", "page"),
    ("page=two", "page"),
    ("page_size=100000", "page_size"),
    ("thme=communs", "thme"),
    ("q=" + "x" * 201, "q"),
])  # fmt: skip
def test_bad_input_is_a_400_that_names_the_parameter(api, little_map, query, parameter):
    response = api.get(f"{URL}?{query}")
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    assert parameter in response.json()


def test_the_list_costs_two_queries_whatever_the_size(api, little_map, django_assert_num_queries):
    from tests.factories import make_initiative

    for _ in range(20):
        make_initiative(themes=[little_map["maison"].themes.first()], networks=[little_map["anim_fr"]])
    # dataset version + the search words' statistics (is_common_search) + one page of stored features
    with django_assert_num_queries(3):
        response = api.get(URL, {"q": "initiative", "theme": "communs", "network": "coop-group",
                                 "transitive": "true", "bbox": "-5,42,8,51"})  # fmt: skip
    assert len(response.json()["features"]) == 20


def test_the_read_path_never_parses_features_in_python(api, little_map):
    """One SELECT returns the page's Features as stored text."""
    with CaptureQueriesContext(connection) as queries:
        api.get(URL)
    feature_queries = [q["sql"] for q in queries if "feature" in q["sql"]]
    assert len(feature_queries) == 1
    assert "LIMIT 1001" in feature_queries[0]
