"""GET /api/v1/clusters/ — what the map draws at a zoom level, grouped in PostGIS."""

import pytest

from tests.factories import BREST, LYON, make_initiative

pytestmark = pytest.mark.django_db
URL = "/api/v1/clusters/"


@pytest.fixture
def lyon_crowd(db):
    crowd = [make_initiative(at=(LYON[0] + i * 0.001, LYON[1] + i * 0.001)) for i in range(12)]
    alone = make_initiative(slug="alone-in-brest", at=BREST)
    return crowd, alone


def test_at_france_zoom_dense_places_become_one_cluster_and_lone_ones_stay_themselves(api, lyon_crowd):
    features = api.get(URL, {"zoom": 6}).json()["features"]
    clusters = [f for f in features if f["properties"].get("cluster")]
    singles = [f for f in features if not f["properties"].get("cluster")]
    assert [c["properties"]["count"] for c in clusters] == [12]
    west, south, east, north = clusters[0]["properties"]["bbox"]
    assert west <= LYON[0] < LYON[0] + 0.011 <= east + 1e-9 and south <= LYON[1] <= north
    assert [s["properties"]["slug"] for s in singles] == ["alone-in-brest"]


def test_zoomed_in_every_initiative_is_itself(api, lyon_crowd):
    features = api.get(URL, {"zoom": 17, "bbox": "4.8,45.7,4.9,45.8"}).json()["features"]
    assert len(features) == 12
    assert not any(f["properties"].get("cluster") for f in features)


def test_filters_apply_before_grouping(api, lyon_crowd):
    assert api.get(URL, {"zoom": 6, "q": "brest"}).json()["features"] == []
    features = api.get(URL, {"zoom": 6, "bbox": "-5,48,-4,49"}).json()["features"]
    assert [f["properties"]["slug"] for f in features] == ["alone-in-brest"]


@pytest.mark.parametrize("query,parameter", [("", "zoom"), ("zoom=-1", "zoom"), ("zoom=99", "zoom"),
                                             ("zoom=abc", "zoom"), ("zoom=5&bbox=1,2", "bbox")])  # fmt: skip
def test_bad_zoom_or_filters_are_400s_that_name_the_parameter(api, lyon_crowd, query, parameter):
    response = api.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert list(response.json()) == [parameter]
    assert response.json()[parameter]


def test_clusters_cost_two_queries(api, lyon_crowd, django_assert_num_queries):
    with django_assert_num_queries(2):
        api.get(URL, {"zoom": 6, "theme": "x"})


def test_a_cluster_is_named_after_the_commune_nearest_its_centre(api, db):
    # Twelve in a row: the centre falls between the 6th and the 7th; only the 6th says "Lyon".
    for i in range(12):
        make_initiative(at=(LYON[0] + i * 0.001, LYON[1] + i * 0.001), commune="Lyon" if i == 5 else "Villeurbanne")
    make_initiative(at=(BREST[0], BREST[1]), commune="")  # no commune: no name
    make_initiative(at=(BREST[0] + 0.001, BREST[1]), commune="")
    make_initiative(at=(LYON[0] + 0.0055, LYON[1] + 0.0055), status="pending", commune="Caluire")  # not published
    clusters = [f["properties"] for f in api.get(URL, {"zoom": 6}).json()["features"]]
    assert [(c["count"], c["town"]) for c in clusters] == [(12, "Lyon"), (2, None)]
