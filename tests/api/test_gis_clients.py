"""A GIS client that no one here wrote reads the feed: GDAL's ogrinfo over real HTTP."""

import re
import shutil
import subprocess

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def ogrinfo(url):
    # gdal-bin is installed by scripts/setup: a missing ogrinfo is a broken setup, not a skip.
    assert shutil.which("ogrinfo"), "ogrinfo not found: install gdal-bin (scripts/setup does)"
    result = subprocess.run(
        ["ogrinfo", "-ro", "-al", "-so", url],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return result.stdout


@pytest.mark.parametrize("path", ["/api/v1/initiatives/", "/api/v1/export.geojson"])
def test_ogrinfo_lists_every_feature(live_server, little_map, path):
    out = ogrinfo(f"GeoJSON:{live_server.url}{path}")
    assert int(re.search(r"Feature Count: (\d+)", out).group(1)) == 5
    assert "Point" in out
    assert re.search(r"^slug: String", out, re.M)
    assert "WGS 84" in out


@pytest.mark.parametrize(("path", "layer"), [("/api/v1/initiatives/", "initiatives"), ("/api/v1/export.geojson", "initiatives"),
                                             ("/api/v1/clusters/?zoom=5", "clusters")])  # fmt: skip
def test_gdal_names_the_layer_after_the_collection(live_server, little_map, path, layer):
    out = ogrinfo(f"GeoJSON:{live_server.url}{path}")
    assert re.search(r"^Layer name: (\S+)$", out, re.M).group(1) == layer
