"""/ogc/collections/initiatives/items: the API's Features and filters, OGC's paging and errors."""

import datetime as dt

import pytest
from django.utils import timezone

from initiatives.models import Initiative

pytestmark = pytest.mark.django_db

ITEMS = "/ogc/collections/initiatives/items"


def slugs(response):
    assert response.status_code == 200, response.content
    return {feature["properties"]["slug"] for feature in response.json()["features"]}


PUBLISHED = {"maison-du-libre", "roumics", "framasoft", "coop-group", "anim-fr"}


def test_it_serves_the_api_s_published_features(api, little_map):
    response = api.get(ITEMS)
    assert response["Content-Type"].startswith("application/geo+json")
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert body["numberReturned"] == 5
    assert {f["properties"]["slug"] for f in body["features"]} == PUBLISHED
    ours = api.get("/api/v1/initiatives/").json()["features"]
    assert sorted(body["features"], key=lambda f: f["id"]) == sorted(ours, key=lambda f: f["id"])


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"theme": "communs"}, {"maison-du-libre", "roumics"}),
        ({"theme": "communs,numerique-libre"}, {"maison-du-libre", "roumics", "framasoft"}),
        ({"kind": "event"}, {"roumics"}),
        ({"network": "coop-group"}, {"framasoft", "anim-fr"}),
        ({"department": "29"}, {"maison-du-libre"}),
        ({"region": "84"}, {"framasoft"}),
        ({"bbox": "-5,47,0,49"}, {"maison-du-libre"}),
        ({"bbox": "-5,47,0,0,49,100"}, {"maison-du-libre"}),  # with heights
        ({"bbox": "170,-50,4,51"}, {"maison-du-libre", "roumics"}),  # across the antimeridian
        ({"bbox": "-5,40,10,51", "kind": "collective"}, {"framasoft"}),
    ],
)
def test_filters_mean_what_they_mean_in_the_api(api, little_map, query, expected):
    assert slugs(api.get(ITEMS, query)) == expected


def test_datetime_filters_on_updated_at(api, little_map):
    old = timezone.now() - dt.timedelta(days=30)
    Initiative.objects.filter(slug="roumics").update(updated_at=old)
    stamp = old.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert slugs(api.get(ITEMS, {"datetime": f"../{stamp}"})) == {"roumics"}
    assert slugs(api.get(ITEMS, {"datetime": stamp})) == {"roumics"}
    assert "roumics" not in slugs(api.get(ITEMS, {"datetime": f"{(old + dt.timedelta(days=1)).isoformat()}/.."}))
    assert slugs(api.get(ITEMS, {"datetime": f"{stamp}/{stamp}"})) == {"roumics"}


def test_next_links_walk_every_feature_once(api, little_map):
    seen, url, pages = [], f"{ITEMS}?limit=2&theme=communs,numerique-libre", 0
    while url:
        body = api.get(url).json()
        seen += [f["properties"]["slug"] for f in body["features"]]
        url = next((link["href"] for link in body["links"] if link["rel"] == "next"), None)
        pages += 1
    assert pages == 2
    assert sorted(seen) == sorted({"maison-du-libre", "roumics", "framasoft"})


def test_the_page_links_itself_and_its_collection(api, little_map):
    links = {link["rel"]: link for link in api.get(ITEMS, {"limit": 2, "offset": 2}).json()["links"]}
    assert links["self"]["href"] == "http://testserver/ogc/collections/initiatives/items?limit=2&offset=2"
    assert links["prev"]["href"] == "http://testserver/ogc/collections/initiatives/items?limit=2&offset=0"
    assert links["collection"]["href"] == "http://testserver/ogc/collections/initiatives"
    assert links["alternate"]["type"] == "text/html"


def test_a_page_reads_the_dataset_version_and_the_features_only(api, little_map, django_assert_num_queries):
    with django_assert_num_queries(2):
        api.get(ITEMS, {"limit": 1000, "theme": "communs", "network": "anim-fr", "bbox": "-6,40,10,52"})


def test_one_item_carries_its_links(api, little_map):
    maison = little_map["maison"]
    response = api.get(f"{ITEMS}/{maison.pk}")
    assert response["Content-Type"].startswith("application/geo+json")
    feature = response.json()
    assert feature["id"] == maison.pk
    assert feature["properties"]["slug"] == "maison-du-libre"
    links = {link["rel"]: link["href"] for link in feature["links"]}
    assert links["self"] == f"http://testserver/ogc/collections/initiatives/items/{maison.pk}?f=json"
    assert links["collection"] == "http://testserver/ogc/collections/initiatives"


@pytest.mark.parametrize("key", ["pending", "archived"])
def test_an_unpublished_item_is_not_found(api, little_map, key):
    response = api.get(f"{ITEMS}/{little_map[key].pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "NotFound"


@pytest.mark.parametrize("key", ["maison-du-libre", "99999999999999999999", "-1", "1.5"])
def test_only_ids_name_items(api, little_map, key):
    assert api.get(f"{ITEMS}/{key}").status_code == 404


@pytest.mark.parametrize(
    "query, parameter",
    [
        ({"limit": "0"}, "limit"),
        ({"limit": "10001"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": ""}, "bbox"),
        ({"bbox": "1,95,3,96"}, "bbox"),
        ({"bbox": "1,48,3,47"}, "bbox"),
        ({"bbox": "a,b,c,d"}, "bbox"),
        ({"bbox-crs": "http://www.opengis.net/def/crs/EPSG/0/2154"}, "bbox-crs"),
        ({"datetime": "hier"}, "datetime"),
        ({"datetime": "2026-02-01/2026-01-01"}, "datetime"),
        ({"datetime": "2026-13-01/.."}, "datetime"),
        ({"kind": "castle"}, "kind"),
        ({"department": "999x"}, "department"),
        ({"theme": "<b>"}, "theme"),
        ({"colour": "red"}, "colour"),
        ({"updated_since": "2026-01-01"}, "updated_since"),
        ({"f": "xml"}, "f"),
    ],
)
def test_bad_input_is_an_ogc_400_naming_the_parameter(api, little_map, query, parameter):
    response = api.get(ITEMS, query)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "InvalidParameterValue"
    assert body["parameter"] == parameter
    assert parameter in body["description"]
