"""docker-compose.yml is the deployers' stack: no Docker engine runs here, so check that it is
consistent with the settings and the code it starts."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.db import connection
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
    assert "gunicorn -c project/gunicorn.conf.py" in dockerfile
    assert 'wsgi_app = "project.wsgi:application"' in (ROOT / "project" / "gunicorn.conf.py").read_text()
    assert "migrate --noinput" in dockerfile
    assert "collectstatic" in dockerfile


def test_every_app_variable_is_read_by_the_code(compose):
    code = "\n".join(p.read_text() for p in [*(ROOT / "project" / "settings").glob("*.py"), ROOT / "Dockerfile", ROOT / "project" / "gunicorn.conf.py",
                                            *(ROOT / "initiatives" / "management" / "commands").glob("*.py")])  # fmt: skip
    for name in compose["services"]["app"]["environment"]:
        assert re.search(rf"\b{name}\b", code), name
    for name in compose["services"]["worker"]["environment"]:
        assert re.search(rf"\b{name}\b", code), name


def test_the_worker_runs_the_task_queue_against_the_apps_database(compose):
    worker, app = compose["services"]["worker"], compose["services"]["app"]
    assert worker["command"] == ["python", "manage.py", "run_worker"]
    assert worker["build"] == app["build"] and worker["depends_on"]["app"]["condition"] == "service_healthy"
    for name in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "SITE_URL"):
        assert worker["environment"][name] == app["environment"][name], name


def test_only_the_local_proxy_reaches_the_app_and_its_forwarded_for_is_trusted(compose):
    """Clients straight on port 8000 could forge the X-Forwarded-For that NUM_PROXIES trusts."""
    app = compose["services"]["app"]
    assert app["ports"] == ["127.0.0.1:8000:8000"]
    assert app["environment"]["NUM_PROXIES"] == "${NUM_PROXIES:-1}"
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 0  # without a proxy, the header is ignored


@pytest.mark.django_db
def test_the_healthcheck_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.django_db
def test_the_container_healthcheck_url_answers_whatever_the_public_host(client, compose, settings):
    """The healthcheck asks 127.0.0.1:8000, which is not among the deployer's ALLOWED_HOSTS."""
    settings.ALLOWED_HOSTS = ["carte.example.org"]
    url = re.search(r"'(http://[^']+)'", " ".join(compose["services"]["app"]["healthcheck"]["test"])).group(1)
    host, path = re.fullmatch(r"http://([^/]+)(/.*)", url).groups()
    response = client.get(path, HTTP_HOST=host)
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert client.get("/", HTTP_HOST=host).status_code == 400  # every other page still checks the host


@pytest.mark.parametrize("ignore_file", [".dockerignore", ".gitignore"])
def test_the_secrets_file_stays_out_of_the_image_and_the_repository(ignore_file):
    patterns = [line.strip() for line in (ROOT / ignore_file).read_text().splitlines()]
    assert ".env" in patterns


def test_the_production_settings_pass_django_deployment_checks():
    # Without the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE, which no deployment sets.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {
        **inherited, "DJANGO_SETTINGS_MODULE": "project.settings.prod",
        "SECRET_KEY": "x" * 60 + "-not-a-real-secret-but-long-and-varied-0123456789",
        "ALLOWED_HOSTS": "carte.example.org",
    }  # fmt: skip
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=environment, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_replica_profile_streams_from_the_primary_into_its_own_volume(compose):
    db, replica = compose["services"]["db"], compose["services"]["db-replica"]
    assert replica["profiles"] == ["replica"] and replica["image"] == db["image"]
    assert replica["depends_on"]["db"]["condition"] == "service_healthy"
    start = " ".join(replica["entrypoint"])
    assert "pg_basebackup -h db -U carte" in start and "--write-recovery-conf" in start and "hot_standby=on" in start
    volume = replica["volumes"][0].split(":")[0]
    assert volume in compose["volumes"] and volume != db["volumes"][0].split(":")[0]
    # The primary lets it connect for replication: the init script the image runs once.
    script = next(v.split(":")[0] for v in db["volumes"] if "docker-entrypoint-initdb.d" in v)
    assert "host replication" in (ROOT / script).read_text()
    # The app reads the replicas' URLs from the environment, as the settings do.
    assert "DATABASE_REPLICA_URLS" in compose["services"]["app"]["environment"]
    assert 'env.list("DATABASE_REPLICA_URLS"' in (ROOT / "project" / "settings" / "base.py").read_text()


def tuning():
    """docker/tuning.conf's settings, {name: value}."""
    lines = (ROOT / "docker" / "tuning.conf").read_text().splitlines()
    return dict(re.match(r"(\w+) = (\S+)$", line).groups() for line in lines if line and not line.startswith("#"))


def test_the_compose_clusters_include_the_projects_settings(compose):
    assert {"shared_buffers", "max_wal_size", "wal_compression"} <= set(tuning())
    assert not {"fsync", "synchronous_commit", "full_page_writes"} & set(tuning())  # durability stays
    mount = "./docker/tuning.conf:/etc/postgresql/tuning.conf:ro"
    assert mount in compose["services"]["db"]["volumes"]
    assert mount in compose["services"]["db-replica"]["volumes"]  # its copy of the primary's file includes it
    script = next(v.split(":")[0] for v in compose["services"]["db"]["volumes"] if v.endswith("30-tuning.sh:ro"))
    assert "include '/etc/postgresql/tuning.conf'" in (ROOT / script).read_text()


@pytest.mark.django_db
@pytest.mark.skipif("DATABASE_URL" in os.environ, reason="another PostgreSQL than the local cluster")
def test_the_local_cluster_runs_with_the_projects_settings():
    with connection.cursor() as cursor:
        for name, value in tuning().items():
            cursor.execute("SELECT current_setting(%s)", [name])
            assert cursor.fetchone() == (value,), name
