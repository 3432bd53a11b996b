"""docker-compose.yml is the deployers' stack: no Docker engine runs here, so check that it is
consistent with the settings and the code it starts."""

import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.urls import resolve

ROOT = Path(settings.BASE_DIR)


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_it_runs_postgis_with_a_volume_and_a_healthcheck(compose):
    db = compose["services"]["db"]
    assert db["image"].startswith("postgis/postgis:")
    volume = db["volumes"][0].split(":")[0]
    assert volume in compose["volumes"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])


def test_the_app_waits_for_a_healthy_database_and_gets_its_settings_from_the_environment(compose):
    app = compose["services"]["app"]
    assert (ROOT / app["build"] / "Dockerfile").exists()
    assert app["depends_on"]["db"]["condition"] == "service_healthy"
    env = app["environment"]
    assert env["DJANGO_SETTINGS_MODULE"] == "project.settings.prod"
    for name in ("DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS"):
        assert name in env, name
    prod = (ROOT / "project" / "settings" / "prod.py").read_text()
    for name in ("SECRET_KEY", "ALLOWED_HOSTS"):
        assert f'env("{name}")' in prod or f'env.list("{name}")' in prod


def test_the_database_url_matches_the_database_service(compose):
    db_env = compose["services"]["db"]["environment"]
    url = compose["services"]["app"]["environment"]["DATABASE_URL"]
    match = re.fullmatch(r"postgis://(\w+):\$\{(\w+)\}@(\w+):5432/(\w+)", url)
    assert match, url
    user, password_var, host, name = match.groups()
    assert (user, name, host) == (db_env["POSTGRES_USER"], db_env["POSTGRES_DB"], "db")
    assert password_var in db_env["POSTGRES_PASSWORD"]


def test_the_app_healthcheck_and_server_point_at_real_code(compose):
    app = compose["services"]["app"]
    path = re.search(r"127\.0\.0\.1:8000(/\S*?)'", " ".join(app["healthcheck"]["test"])).group(1)
    assert resolve(path).url_name == "healthz"
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "gunicorn project.wsgi:application" in dockerfile
    assert "migrate --noinput" in dockerfile
    assert "collectstatic" in dockerfile
    assert "8000:8000" in app["ports"]


@pytest.mark.django_db
def test_the_healthcheck_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
