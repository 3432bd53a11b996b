"""Every API error is JSON a client can read — whichever layer answered it (DRF, Django's URL
resolver, a middleware, an unhandled exception) and whatever format was asked for — and a
bug on a page is a French page."""

import pytest
from django.db import connection
from django.test import Client

from tests.api.test_proposals import NEW
from tests.factories import make_theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(raise_request_exception=False)  # as a real server: the exception is answered


def assert_json_error(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v1/nope/", "/api/v1/initiatives/nope/", "/api/v1/initiatives/nope/?format=csv"])
def test_not_found_is_json(client, path):
    assert_json_error(client.get(path), 404)


def test_a_method_not_allowed_is_json(client):
    response = client.delete("/api/v1/themes/")
    assert_json_error(response, 405)
    assert "GET" in response["Allow"]


def test_a_body_too_large_is_json(client, settings):
    response = client.post("/api/v1/initiatives/", "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1), content_type="application/json")
    assert_json_error(response, 413)


def test_too_many_proposals_is_json_with_retry_after(client, settings):
    settings.ANONYMOUS_PROPOSALS_RATE = "1/h"
    make_theme(slug="tiers-lieux", name_fr="Tiers-lieux")
    assert client.post("/api/v1/initiatives/", NEW, content_type="application/json").status_code == 202
    response = client.post("/api/v1/initiatives/", {**NEW, "name": "Un autre"}, content_type="application/json")
    assert_json_error(response, 429)
    assert int(response["Retry-After"]) > 0


@pytest.mark.urls("tests.ops.urls")
@pytest.mark.parametrize("path", ["/api/v1/broken/", "/api/v1/broken-plain/"])
def test_a_bug_under_the_api_is_a_json_500_and_is_logged(client, path, caplog):
    response = client.get(path)
    assert_json_error(response, 500)
    assert "a bug in" in caplog.text  # the traceback reaches the logs, not the client
    assert "a bug in" not in response.content.decode()


@pytest.mark.urls("tests.ops.urls")
def test_a_bug_on_a_page_is_a_french_page(client):
    response = client.get("/broken/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert "Erreur du serveur" in response.content.decode()


def test_the_app_connections_carry_the_bounded_waits(settings):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('statement_timeout'), current_setting('lock_timeout'),"
                       " current_setting('idle_in_transaction_session_timeout')")  # fmt: skip
        assert cursor.fetchone() == ("15s", "5s", "1min")
    assert settings.DATABASE_TIMEOUTS == {"statement_timeout": 15, "lock_timeout": 5, "idle_in_transaction_session_timeout": 60}
