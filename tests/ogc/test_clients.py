"""Clients that no one here wrote read /ogc/ over real HTTP: GDAL's OGC API – Features driver
and OWSLib."""

import json
import shutil
import subprocess

import pytest
from django.core.signals import request_started
from owslib.ogcapi.features import Features

pytestmark = pytest.mark.django_db(transaction=True)

PUBLISHED = {"maison-du-libre", "roumics", "framasoft", "coop-group", "anim-fr"}


def gdal(*args):
    # gdal-bin is installed by scripts/setup: a missing tool is a broken setup, not a skip.
    assert shutil.which(args[0]), f"{args[0]} not found: install gdal-bin (scripts/setup does)"
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=True).stdout


@pytest.fixture
def requests_seen():
    """The query strings of the items requests the live server receives (it runs in a thread
    of this process)."""
    seen = []

    def record(sender, environ, **kwargs):
        if environ["PATH_INFO"].endswith("/items"):
            seen.append(environ["QUERY_STRING"])

    request_started.connect(record)
    yield seen
    request_started.disconnect(record)


def test_gdal_reads_every_feature_across_pages(live_server, little_map, requests_seen):
    # Two Features a page: GDAL must follow `next` links to see all five.
    out = gdal("ogr2ogr", "-f", "GeoJSON", "/vsistdout/", "-oo", "PAGE_SIZE=2",
               f"OAPIF:{live_server.url}/ogc/collections/initiatives")  # fmt: skip
    features = json.loads(out)["features"]
    assert sorted(f["properties"]["slug"] for f in features) == sorted(PUBLISHED)
    assert {"limit=2&offset=2", "limit=2&offset=4"} <= set(requests_seen)


def test_ogrinfo_describes_the_layer(live_server, little_map):
    out = gdal("ogrinfo", "-ro", "-al", "-so", f"OAPIF:{live_server.url}/ogc/")
    assert "Layer name: initiatives" in out
    assert "Feature Count: 5" in out  # initiatives
    assert "Layer name: networks" in out
    assert "WGS 84" in out
    assert "slug: String" in out


def test_gdal_passes_a_spatial_filter_to_the_server(live_server, little_map):
    out = gdal("ogr2ogr", "-f", "GeoJSON", "/vsistdout/", "-spat", "-5", "47", "0", "49",
               f"OAPIF:{live_server.url}/ogc/collections/initiatives")  # fmt: skip
    assert [f["properties"]["slug"] for f in json.loads(out)["features"]] == ["maison-du-libre"]


def test_owslib_reads_the_collection_its_queryables_and_filtered_items(live_server, little_map):
    api = Features(f"{live_server.url}/ogc/")
    assert "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core" in api.conformance()["conformsTo"]
    assert [c["id"] for c in api.collections()["collections"]] == ["initiatives", "networks"]
    assert api.collection("initiatives")["itemType"] == "feature"
    assert "theme" in api.collection_queryables("initiatives")["properties"]
    items = api.collection_items("initiatives", theme="communs", limit=10)
    assert {f["properties"]["slug"] for f in items["features"]} == {"maison-du-libre", "roumics"}
    maison = little_map["maison"]
    assert api.collection_item("initiatives", str(maison.pk))["properties"]["name"] == "Maison du libre"
