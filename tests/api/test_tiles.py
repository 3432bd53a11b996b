"""Vector tiles built by PostGIS, decoded by a real decoder (mapbox-vector-tile)."""

import math

import mapbox_vector_tile
import pytest

from initiatives.models import Initiative
from initiatives.tiles import CLUSTERS_UNTIL_ZOOM
from tests.factories import BREST, LILLE, LYON, make_initiative

pytestmark = pytest.mark.django_db

MVT = "application/vnd.mapbox-vector-tile"


def tile_of(lon, lat, z):
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return z, x, y


def decode(response):
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == MVT
    return mapbox_vector_tile.decode(response.content)


def test_a_high_zoom_tile_holds_the_initiatives_with_their_main_properties(api, little_map):
    z, x, y = tile_of(*BREST, 14)
    layers = decode(api.get(f"/tiles/{z}/{x}/{y}.mvt"))
    assert set(layers) == {"initiatives"}
    [feature] = layers["initiatives"]["features"]
    assert feature["id"] == little_map["maison"].pk
    assert feature["geometry"]["type"] == "Point"
    props = feature["properties"]
    assert (props["slug"], props["name"], props["kind"]) == ("maison-du-libre", "Maison du libre", "place")
    assert props["themes"] == "communs,numerique-libre"  # legend order (position, then slug)


def test_the_point_is_where_the_initiative_is(api, little_map):
    z, x, y = tile_of(*LYON, 16)
    [feature] = decode(api.get(f"/tiles/{z}/{x}/{y}.mvt"))["initiatives"]["features"]
    px, py = feature["geometry"]["coordinates"]  # tile units, y up (the decoder flips it)
    n = 2**z
    lon = (x + px / 4096) / n * 360 - 180
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * (y + 1 - py / 4096) / n))))
    assert abs(lon - LYON[0]) < 1e-3 and abs(lat - LYON[1]) < 1e-3


def test_a_low_zoom_tile_holds_clusters_that_count_exactly(api, little_map):
    for i in range(7):
        make_initiative(slug=f"brest-{i}", at=(BREST[0] + i * 0.01, BREST[1]), kind="event")
    z, x, y = tile_of(*BREST, 6)
    layers = decode(api.get(f"/tiles/{z}/{x}/{y}.mvt"))
    assert set(layers) == {"clusters"}
    [cluster] = layers["clusters"]["features"]
    assert cluster["properties"] == {"count": 8}
    # Cells nest in tiles: summed over every tile of a zoom, each located initiative counts
    # once, also one on the corner of four tiles.
    make_initiative(slug="null-island", at=(0.0, 0.0))
    z = 3
    total = sum(
        f["properties"]["count"]
        for x in range(8) for y in range(8)
        for f in decode(api.get(f"/tiles/{z}/{x}/{y}.mvt")).get("clusters", {}).get("features", [])
    )  # fmt: skip
    assert total == Initiative.objects.published().filter(location__isnull=False).count() == 11


def test_a_cluster_of_one_names_its_initiative(api, little_map):
    z, x, y = tile_of(*LILLE, CLUSTERS_UNTIL_ZOOM)
    [feature] = decode(api.get(f"/tiles/{z}/{x}/{y}.mvt"))["clusters"]["features"]
    assert feature["properties"]["count"] == 1
    assert feature["properties"]["slug"] == "roumics"


def test_tiles_take_the_api_s_filters(api, little_map):
    z, x, y = tile_of(*BREST, 14)
    assert decode(api.get(f"/tiles/{z}/{x}/{y}.mvt", {"kind": "event"})) == {}
    assert decode(api.get(f"/tiles/{z}/{x}/{y}.mvt", {"theme": "communs"}))["initiatives"]["features"]
    assert decode(api.get(f"/tiles/{z}/{x}/{y}.mvt", {"q": "maison libre"}))["initiatives"]["features"]
    assert decode(api.get("/tiles/0/0/0.mvt", {"q": "roumics"}))["clusters"]["features"][0]["properties"]["slug"] == "roumics"
    response = api.get(f"/tiles/{z}/{x}/{y}.mvt", {"kind": "castle"})
    assert response.status_code == 400 and "kind" in response.json()


def test_unpublished_initiatives_are_not_in_tiles(api, little_map):
    z, x, y = tile_of(*BREST, 14)
    slugs = {f["properties"]["slug"] for f in decode(api.get(f"/tiles/{z}/{x}/{y}.mvt"))["initiatives"]["features"]}
    assert slugs == {"maison-du-libre"}  # not "pending-one", not "archived-one", at the same place


@pytest.mark.parametrize("path", ["/tiles/2/4/0.mvt", "/tiles/2/0/4.mvt", "/tiles/23/0/0.mvt", "/tiles/0/1/0.mvt"])
def test_coordinates_outside_the_zoom_s_range_are_404(api, path, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = api.get(path)
    assert response.status_code == 404


def test_tiles_are_cacheable_per_dataset_version(api, little_map, django_assert_num_queries):
    z, x, y = tile_of(*BREST, 14)
    url = f"/tiles/{z}/{x}/{y}.mvt"
    response = api.get(url)
    assert "public" in response["Cache-Control"] and "max-age" in response["Cache-Control"]
    with django_assert_num_queries(1):
        assert api.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    with django_assert_num_queries(2):
        api.get(url, {"theme": "communs", "network": "anim-fr"})
    little_map["maison"].name = "Maison du libre de Brest"
    little_map["maison"].save()
    assert api.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 200


def test_a_high_zoom_tile_is_built_once_per_dataset_version(api, little_map, django_assert_num_queries):
    z, x, y = tile_of(*BREST, 14)
    url = f"/tiles/{z}/{x}/{y}.mvt"
    first = api.get(url).content
    with django_assert_num_queries(1):  # the dataset version: the tile is remembered
        assert api.get(url).content == first
    little_map["maison"].name = "Maison du libre de Brest"
    little_map["maison"].save()
    [feature] = decode(api.get(url))["initiatives"]["features"]
    assert feature["properties"]["name"] == "Maison du libre de Brest"


def test_tiles_are_open_to_other_origins(api, little_map):
    response = api.get("/tiles/0/0/0.mvt", HTTP_ORIGIN="https://partenaire.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_tilejson_points_at_the_tiles_with_the_same_filters(api, little_map):
    document = api.get("/tiles/tiles.json", {"theme": "communs"}).json()
    assert document["tilejson"] == "3.0.0"
    assert document["tiles"] == ["http://testserver/tiles/{z}/{x}/{y}.mvt?theme=communs"]
    layers = {layer["id"]: layer for layer in document["vector_layers"]}
    assert layers["clusters"]["maxzoom"] + 1 == layers["initiatives"]["minzoom"] == CLUSTERS_UNTIL_ZOOM + 1
    tile = document["tiles"][0].replace("http://testserver", "").format(z=0, x=0, y=0)
    assert decode(api.get(tile))["clusters"]["features"]
