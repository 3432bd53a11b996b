"""The database away — its connections cut, new ones refused, or read-only for maintenance —
is a 503 with Retry-After that a client can act on (JSON on the API, a French page on the
site), and the server comes back by itself when the database does. No mock: a real server,
real PostgreSQL refusals."""

import json
from contextlib import contextmanager

import pytest
from django.db import connection
from psycopg import sql

from tests.factories import make_theme

from .server import admin_connection, get, gunicorn


def refuse_connections(database, refused):
    with admin_connection() as conn:
        conn.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS {}").format(sql.Identifier(database), sql.Literal(not refused)))


def cut_connections(application_name):
    with admin_connection() as conn:
        return conn.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = %s",
                            [application_name]).fetchone()[0]  # fmt: skip


@pytest.mark.django_db
def test_an_outage_is_a_503_and_the_server_recovers_by_itself(django_db_setup):
    database, name = connection.settings_dict["NAME"], "carte-outage-test"
    with gunicorn(name, GUNICORN_WORKERS="2") as base:
        for _ in range(4):  # every worker has a kept connection
            assert get(base + "/api/v1/themes/")[0] == 200
        try:
            refuse_connections(database, True)
            assert cut_connections(name) >= 1
            api = [get(base + "/api/v1/initiatives/") for _ in range(4)]
            page = get(base + "/modifications/")  # a page that reads the database
            health = get(base + "/healthz")
        finally:
            refuse_connections(database, False)
        recovered = [get(base + "/api/v1/themes/")[0] for _ in range(4)]
    for status, headers, body in api:
        assert status == 503
        assert headers["Content-Type"] == "application/json"
        assert "momentanément indisponible" in json.loads(body)["detail"]
        assert int(headers["Retry-After"]) > 0
    status, headers, body = page
    assert status == 503 and headers["Content-Type"].startswith("text/html")
    assert "Service momentanément indisponible" in body.decode() and int(headers["Retry-After"]) > 0
    assert health[0] == 503 and json.loads(health[2]) == {"status": "unavailable"}
    assert recovered == [200] * 4


@contextmanager
def read_only():
    """The database in maintenance: every new transaction is read-only."""
    with connection.cursor() as cursor:
        cursor.execute("SET default_transaction_read_only = on")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET default_transaction_read_only")


def test_a_write_to_a_read_only_database_is_a_503_on_the_api(transactional_db, client):
    from tests.api.test_proposals import NEW

    make_theme(slug="tiers-lieux", name_fr="Tiers-lieux")
    with read_only():
        response = client.post("/api/v1/initiatives/", NEW, content_type="application/json")
        read = client.get("/api/v1/initiatives/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert "maintenance" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0
    assert read.status_code == 200  # reads go on
    assert client.post("/api/v1/initiatives/", NEW, content_type="application/json").status_code == 202  # and after, writes
