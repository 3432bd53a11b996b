"""project/compression.py: the dataset's documents in zstd or fast gzip, the same bytes once
decoded; HTML pages keep Django's gzip."""

import gzip

import pytest
import zstandard
from django.test import Client

from project.compression import choose_encoding
from tests.factories import make_initiative

pytestmark = pytest.mark.django_db
PAGE = "/api/v1/initiatives/"


@pytest.fixture
def client(db):
    for i in range(30):
        make_initiative(at=(2 + i * 0.01, 47), summary="Une initiative locale, décrite longuement. " * 5)
    return Client()


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("accept,expected", [
    ("gzip, deflate, br, zstd", "zstd"), ("gzip", "gzip"), ("zstd;q=0, gzip", "gzip"),
    ("gzip;q=0", None), ("identity", None), ("", None), ("zstd", "zstd"),
])  # fmt: skip
def test_the_encoding_follows_accept_encoding(accept, expected):
    assert choose_encoding(accept) == expected


@pytest.mark.parametrize("path", [PAGE, "/api/v1/export.geojson"])
def test_gzip_and_zstd_decode_to_the_identity_bytes(client, path):
    identity = client.get(path, HTTP_ACCEPT_ENCODING="identity")
    assert not identity.has_header("Content-Encoding")
    plain = body(identity)
    gzipped = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
    assert gzipped["Content-Encoding"] == "gzip" and gzipped["Vary"].count("Accept-Encoding") == 1
    assert gzip.decompress(body(gzipped)) == plain
    zstd = client.get(path, HTTP_ACCEPT_ENCODING="gzip, br, zstd")
    assert zstd["Content-Encoding"] == "zstd"
    assert zstandard.ZstdDecompressor().decompressobj().decompress(body(zstd)) == plain
    if not identity.streaming:
        assert gzipped["ETag"] == zstd["ETag"] == "W/" + identity["ETag"]
        assert int(gzipped["Content-Length"]) == len(body(gzipped)) < len(plain)


def test_a_compressed_page_still_answers_304_to_its_etag(client):
    etag = client.get(PAGE, HTTP_ACCEPT_ENCODING="zstd")["ETag"]
    assert client.get(PAGE, HTTP_ACCEPT_ENCODING="zstd", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_html_pages_keep_django_s_gzip(client):
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip, zstd")
    assert response["Content-Type"].startswith("text/html")
    assert response["Content-Encoding"] == "gzip"
    assert b"<html" in gzip.decompress(response.content)
