"""The map's cells (initiatives/map_cells.py): clusters and low-zoom tiles read from the stored
cells count exactly what a direct count of the same filters finds, and the same as grouping
the points on the request."""

import random
from urllib.parse import urlencode

import mapbox_vector_tile
import pytest
from django.contrib.gis.geos import Point, Polygon
from django.db import connection
from django.http import QueryDict
from rest_framework.test import APIClient

from api.filters import InitiativeFilter
from initiatives import map_cells
from initiatives.models import Initiative
from tests.factories import make_initiative, make_network, make_theme

pytestmark = pytest.mark.django_db
URL = "/api/v1/clusters/"
EVERY_KIND = ",".join(Initiative.Kind.values)  # a filter that keeps everything: the direct path


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def crowd(db):
    """90 initiatives around France, with random themes, kinds, departments and networks."""
    rng = random.Random(13)
    themes = [make_theme(slug=f"theme-{i}") for i in range(3)]
    networks = [make_network(slug=f"reseau-{i}", at=(2.35, 48.85)) for i in range(2)]
    towns = [(-1.68, 48.11), (4.84, 45.76), (2.35, 48.86), (5.37, 43.30), (-0.58, 44.84)]
    kinds = [Initiative.Kind.INITIATIVE, Initiative.Kind.PLACE, Initiative.Kind.COLLECTIVE]
    for i in range(90):
        lon, lat = rng.choice(towns)
        make_initiative(
            at=(lon + rng.gauss(0, 0.6), lat + rng.gauss(0, 0.4)),
            kind=rng.choice(kinds), department_code=rng.choice(["29", "35", "69", "75"]),
            status=Initiative.Status.PENDING if rng.random() < 0.1 else Initiative.Status.PUBLISHED,
            themes=rng.sample(themes, rng.randint(0, 2)), networks=rng.sample(networks, rng.randint(0, 1)),
            name=rng.choice(["Café associatif", "Tiers-lieu", "Ressourcerie"]) + f" {i}",
        )  # fmt: skip
    return rng


def counts(features):
    return [f["properties"]["count"] if f["properties"].get("cluster") else 1 for f in features]


def direct_count(params, bbox=None):
    queryset = InitiativeFilter(QueryDict(urlencode(params)), queryset=Initiative.objects.published()).qs
    queryset = queryset.filter(location__isnull=False)
    if bbox:
        queryset = queryset.filter(location__bboverlaps=Polygon.from_bbox(bbox))
    return queryset.count()


def random_filters(rng):
    options = {
        "theme": lambda: f"theme-{rng.randrange(3)}",
        "kind": lambda: rng.choice(["initiative", "place", "collective"]),
        "department": lambda: rng.choice(["29", "35", "69", "75"]),
        "network": lambda: f"reseau-{rng.randrange(2)}",
        "q": lambda: rng.choice(["café", "tiers-lieu", "ressourcerie"]),
    }
    chosen = rng.sample(sorted(options), rng.randint(1, 3))
    return {name: options[name]() for name in chosen}


def test_clusters_count_exactly_what_a_direct_count_finds_for_random_filters(api, crowd):
    for _ in range(25):
        params = random_filters(crowd)
        zoom = crowd.choice([3, 6, 8, 10, 13])
        features = api.get(URL, {"zoom": zoom, **params}).json()["features"]
        assert sum(counts(features)) == direct_count(params), params
        for feature in features:
            if feature["properties"].get("cluster"):
                west, south, east, north = feature["properties"]["bbox"]
                box = (west - 1e-5, south - 1e-5, east + 1e-5, north + 1e-5)
                assert feature["properties"]["count"] == direct_count(params, box), (params, zoom)


def test_a_bbox_selects_whole_cells(api, crowd):
    zoom, bbox = 8, (-1.9, 47.9, -1.5, 48.3)
    level = zoom + map_cells.ZOOM_TO_LEVEL
    cells = map_cells.cell_range(level, bbox)
    features = api.get(URL, {"zoom": zoom, "bbox": ",".join(map(str, bbox))}).json()["features"]
    assert sum(counts(features)) == direct_count({}, map_cells.cell_bounds(level, *cells)) > 0


@pytest.mark.parametrize("zoom", [0, 4, 6, 8, 11, 13])
def test_stored_cells_give_what_grouping_the_points_gives(api, crowd, zoom):
    for bbox in (None, "-5,43,8,51", "4.5,45.5,5.2,46.0"):
        query = {"zoom": zoom, **({"bbox": bbox} if bbox else {})}
        stored = api.get(URL, query).json()["features"]
        grouped = api.get(URL, {**query, "kind": EVERY_KIND}).json()["features"]
        assert stored == grouped and stored
    assert sum(counts(api.get(URL, {"zoom": zoom}).json()["features"])) == direct_count({})


def test_a_write_rebuilds_the_cells_before_they_answer(api, crowd):
    before = sum(counts(api.get(URL, {"zoom": 6}).json()["features"]))
    make_initiative(at=(3.0, 47.0))
    assert sum(counts(api.get(URL, {"zoom": 6}).json()["features"])) == before + 1 == direct_count({})


def test_the_current_cells_answer_in_two_queries(api, crowd, django_assert_num_queries):
    api.get(URL, {"zoom": 6})  # builds them
    with django_assert_num_queries(2):  # the dataset version, the cells
        api.get(URL, {"zoom": 6, "bbox": "-5,43,8,51"})


def test_low_zoom_tiles_from_stored_cells_equal_tiles_grouped_from_points(api, crowd):
    for z, x, y in [(0, 0, 0), (5, 15, 11), (6, 32, 22), (9, 262, 181)]:
        stored = mapbox_vector_tile.decode(api.get(f"/tiles/{z}/{x}/{y}.mvt").content)
        grouped = mapbox_vector_tile.decode(api.get(f"/tiles/{z}/{x}/{y}.mvt", {"kind": EVERY_KIND}).content)
        assert stored == grouped
    whole = mapbox_vector_tile.decode(api.get("/tiles/0/0/0.mvt").content)
    assert sum(f["properties"]["count"] for f in whole["clusters"]["features"]) == direct_count({})


def stored_cells():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ctid::text, level, gx, gy, {map_cells.CELL_COLUMNS} FROM {map_cells.TABLE}"
                       " ORDER BY level, gx, gy")  # fmt: skip
        return {row[1:4]: (row[0], row[4:]) for row in cursor.fetchall()}


def whole_rebuild():
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {map_cells.STATE_TABLE}")
    assert map_cells.refresh()
    return stored_cells()


def random_write(rng):
    """One write a person or an import makes: a new initiative, a move, a status change, a
    deletion, or an edit that leaves the map as it is."""
    published = list(Initiative.objects.published().exclude(kind=Initiative.Kind.NETWORK))
    target = rng.choice(published)
    action = rng.choice(["create", "move", "unpublish", "publish", "delete", "rename"])
    if action == "create":
        make_initiative(at=(rng.uniform(-4, 7), rng.uniform(43, 50)))
    elif action == "move":
        target.location = Point(target.location.x + rng.gauss(0, 0.3), target.location.y + rng.gauss(0, 0.3), srid=4326)
        target.save()
    elif action == "unpublish":
        Initiative.objects.filter(pk=target.pk).update(status=Initiative.Status.ARCHIVED)
    elif action == "publish":
        pending = list(Initiative.objects.pending().order_by("id").values_list("pk", flat=True)) or [target.pk]
        Initiative.objects.filter(pk=rng.choice(pending)).update(status=Initiative.Status.PUBLISHED)
    elif action == "delete":
        target.delete()
    else:
        Initiative.objects.filter(pk=target.pk).update(name=f"{target.name} bis")


def test_after_random_writes_the_refreshed_cells_equal_a_whole_rebuild(api, crowd):
    api.get(URL, {"zoom": 6})  # builds them
    for _ in range(12):
        for _ in range(crowd.randint(1, 4)):
            random_write(crowd)
        zoom = crowd.choice([2, 6, 8, 11])
        features = api.get(URL, {"zoom": zoom}).json()["features"]  # refreshes them
        assert sum(counts(features)) == direct_count({})
        for feature in features:
            if feature["properties"].get("cluster"):
                west, south, east, north = feature["properties"]["bbox"]
                box = (west - 1e-5, south - 1e-5, east + 1e-5, north + 1e-5)
                assert feature["properties"]["count"] == direct_count({}, box), zoom
        refreshed = {key: cells for key, (_, cells) in stored_cells().items()}
        rebuilt = {key: cells for key, (_, cells) in whole_rebuild().items()}
        assert refreshed.keys() == rebuilt.keys()
        for key, (n, sum_lon, sum_lat, *exact) in refreshed.items():
            # The sums may differ in their last bit: floating-point addition in another order.
            assert (n, *exact) == (rebuilt[key][0], *rebuilt[key][3:]), key
            assert (sum_lon, sum_lat) == pytest.approx(rebuilt[key][1:3], rel=1e-12), key


def test_a_write_recomputes_only_the_cells_above_its_position(api, crowd):
    api.get(URL, {"zoom": 6})
    before = stored_cells()
    make_initiative(at=(3.0, 47.0))
    api.get(URL, {"zoom": 6})
    after = stored_cells()
    rewritten = {key for key, (ctid, cells) in after.items() if before.get(key, (None,))[0] != ctid}
    above = {(level, *map_cells.cell_of(level, 3.0, 47.0)) for level in
             range(map_cells.LOWEST_LEVEL, map_cells.BUILT_LEVEL + 1)}  # fmt: skip
    assert rewritten == above
    assert sum(cells[0] for (level, _, _), (_, cells) in after.items() if level == 6) == direct_count({})


def test_a_write_during_the_refresh_is_left_for_the_next_one(api, crowd):
    """The log rows of a write the refresh did not see stay: the next refresh counts it."""
    api.get(URL, {"zoom": 6})
    make_initiative(at=(3.0, 47.0))
    with connection.cursor() as cursor:  # as if it committed after the refresh read the log
        cursor.execute(f"SELECT lon, lat FROM {map_cells.DIRTY_TABLE}")
        late = cursor.fetchall()
        cursor.execute(f"DELETE FROM {map_cells.DIRTY_TABLE}")
        assert map_cells.refresh()
        cursor.executemany(f"INSERT INTO {map_cells.DIRTY_TABLE} (lon, lat) VALUES (%s, %s)", late)
        cursor.execute("UPDATE initiatives_dataset SET version = version + 1 WHERE id = 1")
    assert sum(counts(api.get(URL, {"zoom": 6}).json()["features"])) == direct_count({})
