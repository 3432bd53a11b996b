"""HTTP done right for partners: conditional GET, caching headers, CORS, gzip."""

import gzip

import pytest
from rest_framework.test import APIClient

from initiatives.models import Initiative

URL = "/api/v1/initiatives/"
pytestmark = pytest.mark.django_db


def test_a_repeat_request_gets_304_without_reading_the_features(api, little_map, django_assert_num_queries):
    first = api.get(URL, {"theme": "communs"})
    etag = first["ETag"]
    assert first.status_code == 200 and etag
    with django_assert_num_queries(1):  # only the dataset version
        again = api.get(URL, {"theme": "communs"}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_if_modified_since_is_honoured(api, little_map):
    first = api.get(URL)
    again = api.get(URL, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304


def test_any_change_makes_a_new_etag(api, little_map):
    etag = api.get(URL)["ETag"]
    initiative = Initiative.objects.get(slug="roumics")
    initiative.summary = "Nouveau résumé"
    initiative.save()
    response = api.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "Nouveau résumé" in response.content.decode()


def test_each_url_and_format_has_its_own_etag(api, little_map):
    etags = {api.get(URL)["ETag"], api.get(URL, {"theme": "communs"})["ETag"],
             api.get(URL, {"format": "csv"})["ETag"], api.get(URL, HTTP_ACCEPT="text/csv")["ETag"]}  # fmt: skip
    assert len(etags) == 4


def test_responses_are_cacheable_and_vary_on_accept(api, little_map):
    response = api.get(URL)
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert "Accept" in response["Vary"]


def test_reads_are_open_to_every_origin(api, little_map):
    response = api.get(URL, HTTP_ORIGIN="https://partner.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_a_read_preflight_is_answered_for_every_origin(api, little_map):
    for url in (URL, f"{URL}maison-du-libre/"):
        preflight = api.options(url, HTTP_ORIGIN="https://partner.example.org",
                                HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")  # fmt: skip
        assert preflight.status_code == 200
        assert preflight["Access-Control-Allow-Origin"] == "*"
        assert "GET" in preflight["Access-Control-Allow-Methods"]


def test_the_preflight_of_a_write_is_refused(api, little_map):
    """No Access-Control-Allow-Origin: the browser never sends the write."""
    for url in (URL, f"{URL}maison-du-libre/"):
        for method in ("POST", "PATCH", "PUT", "DELETE"):
            preflight = api.options(url, HTTP_ORIGIN="https://partner.example.org",
                                    HTTP_ACCESS_CONTROL_REQUEST_METHOD=method)  # fmt: skip
            assert preflight.status_code < 500
            assert "Access-Control-Allow-Origin" not in preflight, (url, method)
            assert "Access-Control-Allow-Methods" not in preflight


def test_the_response_to_a_write_carries_no_cors_header(api, little_map):
    """A write a page elsewhere sends anyway (a "simple" request needs no preflight) gets an
    answer that page cannot read."""
    origin = "https://partner.example.org"
    responses = [
        api.post(URL, {"name": "x"}, format="json", HTTP_ORIGIN=origin),
        api.post(URL, "name=x", content_type="text/plain", HTTP_ORIGIN=origin),
        api.patch(f"{URL}maison-du-libre/", {"summary": "x"}, format="json", HTTP_ORIGIN=origin),
    ]
    for response in responses:
        assert response.status_code in (400, 415, 428), response.content
        assert "Access-Control-Allow-Origin" not in response
    assert api.get(URL, HTTP_ORIGIN=origin)["Access-Control-Allow-Origin"] == "*"


def test_options_describes_the_endpoint_without_failing(api, little_map):
    for url in (URL, f"{URL}maison-du-libre/"):
        response = api.options(url)
        assert response.status_code == 200, response.content
        assert response.json()["name"]


def test_writes_are_not_allowed_cross_origin(api, little_map, django_user_model):
    # A logged-in browser session cannot be made to write from elsewhere: CSRF applies.
    user = django_user_model.objects.create_user("alice", password="pw-alice-123")
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(user)
    response = browser.post(URL, {"name": "x"}, format="json", HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_cors_is_limited_to_the_api(client, little_map):
    response = client.get("/healthz", HTTP_ORIGIN="https://partner.example.org")
    assert "Access-Control-Allow-Origin" not in response


def test_responses_are_gzipped_when_asked(api, little_map):
    response = api.get(URL, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert b"FeatureCollection" in gzip.decompress(response.content)


def test_a_read_preflight_allows_the_revalidation_headers(api, little_map):
    preflight = api.options(URL, HTTP_ORIGIN="https://partner.example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
                            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match,if-modified-since")  # fmt: skip
    assert preflight.status_code == 200
    allowed = {h.strip().lower() for h in preflight["Access-Control-Allow-Headers"].split(",")}
    assert {"if-none-match", "if-modified-since"} <= allowed
