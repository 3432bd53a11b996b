"""OGC API – Features at /ogc/: the resources, their links, formats and caching."""

import pytest

from initiatives.models import Initiative

pytestmark = pytest.mark.django_db

ITEMS = "/ogc/collections/initiatives/items"


def rels(document):
    return {link["rel"]: link for link in document["links"]}


def test_the_landing_page_links_the_definition_the_conformance_and_the_data(api):
    response = api.get("/ogc/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    links = rels(response.json())
    assert links["service-desc"]["href"] == "http://testserver/ogc/api"
    assert links["service-desc"]["type"] == "application/vnd.oai.openapi+json;version=3.0"
    assert links["conformance"]["href"] == "http://testserver/ogc/conformance"
    assert links["data"]["href"] == "http://testserver/ogc/collections"
    assert links["self"]["type"] == "application/json"
    assert links["alternate"]["type"] == "text/html"


def test_a_browser_gets_the_landing_page_in_the_site_s_style(client):
    response = client.get("/ogc/", HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "private" in response["Cache-Control"]
    html = response.content.decode()
    assert 'class="site-header"' in html  # frontend's base template
    assert "QGIS" in html and "http://testserver/ogc/" in html


def test_every_html_page_answers(client, little_map):
    maison = little_map["maison"]
    network = little_map["anim_fr"]
    for path in ["/ogc/conformance", "/ogc/collections", "/ogc/collections/initiatives", ITEMS,
                 f"{ITEMS}/{maison.pk}", "/ogc/collections/networks/items",
                 f"/ogc/collections/networks/items/{network.pk}", "/ogc/collections/initiatives/queryables",
                 "/ogc/collections/networks/queryables"]:  # fmt: skip
        response = client.get(path, {"f": "html"})
        assert response.status_code == 200, path
        assert response["Content-Type"].startswith("text/html"), path
    assert "Maison du libre" in client.get(ITEMS, {"f": "html"}).content.decode()
    assert client.get("/ogc/api", {"f": "html"}).url == "/ogc/api.html"  # Swagger UI


def test_html_escapes_the_initiatives_text(client):
    from tests.factories import make_initiative

    evil = make_initiative(name="<script>alert(1)</script>")
    html = client.get(f"{ITEMS}/{evil.pk}", {"f": "html"}).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html


def test_the_conformance_declares_core_geojson_html_oas30_and_queryables(api):
    classes = api.get("/ogc/conformance").json()["conformsTo"]
    assert set(classes) == {
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
    }


def test_the_collection_gives_its_extent_and_its_items(api, little_map):
    collections = api.get("/ogc/collections").json()["collections"]
    assert [c["id"] for c in collections] == ["initiatives", "networks"]
    collection = collections[0]
    assert collection["itemType"] == "feature"
    [[min_lon, min_lat, max_lon, max_lat]] = collection["extent"]["spatial"]["bbox"]
    assert (min_lon, min_lat, max_lon, max_lat) == (-4.4861, 45.764, 4.8357, 50.6292)  # Brest, Lyon, Lille
    start, end = collection["extent"]["temporal"]["interval"][0]
    assert start <= end
    links = {(link["rel"], link["type"]): link["href"] for link in collection["links"]}
    assert links[("items", "application/geo+json")] == "http://testserver/ogc/collections/initiatives/items"
    queryables = links[("http://www.opengis.net/def/rel/ogc/1.0/queryables", "application/schema+json")]
    assert api.get(queryables).status_code == 200
    assert api.get("/ogc/collections/initiatives").json()["id"] == "initiatives"


def test_an_unknown_collection_is_an_ogc_404(api):
    response = api.get("/ogc/collections/roads/items")
    assert response.status_code == 404
    assert response.json()["code"] == "NotFound"


def test_networks_have_no_queryables_but_bbox_and_datetime(api):
    schema = api.get("/ogc/collections/networks/queryables").json()
    assert schema["properties"] == {}
    response = api.get("/ogc/collections/networks/items", {"theme": "communs"})
    assert response.status_code == 400 and response.json()["parameter"] == "theme"


def test_the_queryables_are_a_json_schema_of_the_api_s_filters(api, little_map):
    response = api.get("/ogc/collections/initiatives/queryables")
    assert response["Content-Type"].startswith("application/schema+json")
    schema = response.json()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "http://testserver/ogc/collections/initiatives/queryables"
    assert schema["type"] == "object"
    assert set(schema["properties"]) == {"theme", "network", "kind", "department", "region"}
    assert set(schema["properties"]["kind"]["enum"]) == set(Initiative.Kind.values)


def test_the_openapi_definition_describes_every_path_and_the_limit(api):
    response = api.get("/ogc/api")
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json;version=3.0")
    document = response.json()
    assert document["openapi"].startswith("3.0")
    assert document["servers"] == [{"url": "http://testserver/ogc"}]
    assert {"/", "/conformance", "/collections", "/collections/{collectionId}", "/collections/{collectionId}/items",
            "/collections/{collectionId}/items/{featureId}", "/collections/{collectionId}/queryables"} <= set(document["paths"])  # fmt: skip
    limit = document["components"]["parameters"]["limit"]["schema"]
    assert (limit["minimum"], limit["maximum"], limit["default"]) == (1, 10000, 10)


def test_the_api_docs_page_loads_the_ogc_definition(client):
    response = client.get("/ogc/api.html")
    assert response.status_code == 200
    assert "/ogc/api" in response.content.decode()


def test_resources_are_cacheable_and_answer_304(api, little_map):
    for path in ["/ogc/", "/ogc/collections", ITEMS, f"{ITEMS}/{little_map['maison'].pk}"]:
        response = api.get(path)
        assert "public" in response["Cache-Control"], path
        again = api.get(path, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304, path


def test_the_etag_changes_with_the_data(api, little_map):
    etag = api.get(ITEMS)["ETag"]
    little_map["roumics"].name = "Les Roumics 2026"
    little_map["roumics"].save()
    assert api.get(ITEMS, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_reads_are_open_to_other_origins(api, little_map):
    response = api.get(ITEMS, HTTP_ORIGIN="https://partenaire.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_titles_follow_the_language_switch_and_so_does_the_etag(api):
    french = api.get("/ogc/")
    assert french.json()["title"] == "Carte des réseaux de la coopération et des communs"
    api.cookies["django_language"] = "en"
    english = api.get("/ogc/", HTTP_IF_NONE_MATCH=french["ETag"])
    assert english.status_code == 200
    assert english.json()["title"] != french.json()["title"]
    assert "Cookie" in english["Vary"]
