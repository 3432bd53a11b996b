"""A row lock held elsewhere (a psql session, a stuck job) never hangs a worker: the waiting
writer gives up after lock_timeout with a 503 and Retry-After — JSON on the API, a French page
on the site — while reads and the health check go on answering."""

import time

import pytest
from django.db import connection
from django.test import Client

from initiatives.models import Initiative
from tests.api.test_proposals import NEW, token_client
from tests.factories import PASSWORD, make_theme, make_user

from .server import admin_connection

LOCK_TIMEOUT = 1.0  # seconds, for these tests (DB_LOCK_TIMEOUT is 5 by default)


@pytest.fixture
def short_lock_timeout(transactional_db, settings):
    settings.DATABASE_TIMEOUTS = {**settings.DATABASE_TIMEOUTS, "lock_timeout": LOCK_TIMEOUT}
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = %s", [f"{int(LOCK_TIMEOUT * 1000)}ms"])
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET lock_timeout")


def hold(query, *params):
    """A second connection that takes row locks and keeps them until closed."""
    holder = admin_connection(connection.settings_dict["NAME"])
    holder.autocommit = False
    holder.execute(query, params)
    return holder


def test_a_writer_waiting_on_a_held_lock_gets_a_json_503(short_lock_timeout):
    make_theme(slug="tiers-lieux", name_fr="Tiers-lieux")
    client = token_client(make_user("tina", role="trusted"))
    before = Initiative.objects.count()
    # Every write bumps the dataset version: holding its row holds every writer.
    holder = hold("SELECT version FROM initiatives_dataset WHERE id = 1 FOR UPDATE")
    try:
        started = time.monotonic()
        response = client.post("/api/v1/initiatives/", NEW, format="json")
        waited = time.monotonic() - started
        read = Client().get("/api/v1/initiatives/")
        health = Client().get("/healthz")
    finally:
        holder.close()
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert "en cours de modification" in response.json()["detail"]
    assert int(response["Retry-After"]) >= 1
    assert read.status_code == 200 and health.status_code == 200  # reads never wait on it
    assert Initiative.objects.count() == before
    started = time.monotonic()
    assert client.post("/api/v1/initiatives/", NEW, format="json").status_code == 201  # lock gone: it works
    unhindered = time.monotonic() - started
    print(f"held lock: the writer waited {waited:.2f} s for its 503 (lock_timeout {LOCK_TIMEOUT} s; {unhindered:.2f} s without the lock)")
    assert LOCK_TIMEOUT <= waited < unhindered + LOCK_TIMEOUT + 2


def test_a_form_waiting_on_a_held_lock_gets_a_french_page(short_lock_timeout):
    user = make_user("tina")
    # Logging in records the time on the user's row: someone holds that row.
    holder = hold("SELECT * FROM auth_user WHERE id = %s FOR UPDATE", user.pk)
    try:
        response = Client().post("/comptes/login/", {"username": "tina", "password": PASSWORD})
    finally:
        holder.close()
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "Service momentanément indisponible" in page and "en cours de modification" in page
    assert int(response["Retry-After"]) >= 1


def test_the_health_check_has_its_own_short_timeouts(transactional_db):
    """It reads no table, and if the database cannot answer within 2 s it says so: it never
    waits as long as the app's own statements may."""
    holder = hold("LOCK TABLE initiatives_dataset IN ACCESS EXCLUSIVE MODE")
    try:
        started = time.monotonic()
        response = Client().get("/healthz")
        elapsed = time.monotonic() - started
    finally:
        holder.close()
    assert response.status_code == 200 and elapsed < 2
