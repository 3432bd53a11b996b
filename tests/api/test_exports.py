"""The whole published dataset, streamed, with its licence."""

import csv
import io
import json

import pytest

from initiatives import selectors

pytestmark = pytest.mark.django_db


def streamed(response):
    assert response.status_code == 200
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def test_the_geojson_export_streams_every_published_initiative_with_the_licence(api, little_map):
    response = api.get("/api/v1/export.geojson")
    assert response["Content-Type"].startswith("application/geo+json")
    assert "attachment" in response["Content-Disposition"]
    body = json.loads(streamed(response))
    assert body["type"] == "FeatureCollection"
    assert body["license"] == "ODbL-1.0" and body["attribution"]
    assert sorted(f["properties"]["slug"] for f in body["features"]) == [
        "anim-fr", "coop-group", "framasoft", "maison-du-libre", "roumics"]  # fmt: skip


def test_the_csv_export_streams_one_row_per_initiative(api, little_map):
    text = streamed(api.get("/api/v1/export.csv"))
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 5
    assert {r["license"] for r in rows} == {"ODbL-1.0"}


def test_the_export_is_read_in_chunks_from_a_server_side_cursor(api, little_map, monkeypatch):
    """Memory stays flat: features arrive a chunk at a time, never all at once."""
    seen = []
    original = selectors.iter_feature_chunks

    def small_chunks(queryset, chunk_size=2000):
        for chunk in original(queryset, chunk_size=2):
            seen.append(len(chunk))
            yield chunk

    monkeypatch.setattr("api.views.exports.iter_feature_chunks", small_chunks)
    body = json.loads(streamed(api.get("/api/v1/export.geojson")))
    assert seen == [2, 2, 1]
    assert len(body["features"]) == 5


def test_an_empty_dataset_exports_valid_files(api, db):
    assert json.loads(streamed(api.get("/api/v1/export.geojson")))["features"] == []
    assert streamed(api.get("/api/v1/export.csv")).lstrip("\ufeff").startswith('"id","slug","name"')


def test_the_export_honours_conditional_requests(api, little_map):
    etag = api.get("/api/v1/export.geojson")["ETag"]
    assert api.get("/api/v1/export.geojson", HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.parametrize("url", ["/api/v1/export.geojson", "/api/v1/export.csv"])
def test_an_export_costs_two_queries_whatever_its_size(api, little_map, url, django_assert_num_queries, monkeypatch):
    from tests.factories import make_initiative

    for _ in range(12):
        make_initiative(themes=[little_map["maison"].themes.first()], networks=[little_map["anim_fr"]])
    real = selectors.iter_feature_chunks
    monkeypatch.setattr("api.views.exports.iter_feature_chunks", lambda qs: real(qs, chunk_size=5))
    with django_assert_num_queries(2):  # dataset version + one server-side cursor, read in chunks
        body = streamed(api.get(url))
    assert body.count("initiative-") >= 12
