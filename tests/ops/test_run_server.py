"""`make run` is a real server: gunicorn's sync workers, one database connection each at most,
answering a burst of concurrent requests — the burst that used to exhaust PostgreSQL's
connections under runserver — and coming back by itself after a database outage."""

import os
import re
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .server import COMMAND, CONFIG, admin_connection, configured_workers, database_environment, free_port, get, gunicorn

ROOT = Path(__file__).resolve().parents[2]
REQUESTS, AT_ONCE = 400, 24
# Each reads the database: the health check and the API's lists.
PATHS = ["/healthz", "/api/v1/themes/", "/api/v1/initiatives/?page_size=5"]


def backends(application_name, conn=None):
    if conn is None:
        with admin_connection() as conn:
            return backends(application_name, conn)
    return conn.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", [application_name]).fetchone()[0]


def test_make_run_and_the_image_serve_with_the_same_gunicorn_configuration():
    makefile = (ROOT / "Makefile").read_text()
    run = re.search(r"^run:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert run.strip().splitlines()[-1].strip() == "$(RUN_ENV) PY=$(PY) scripts/serve"  # gunicorn and the worker
    assert f'"$PY" -m gunicorn -c {CONFIG}' in (ROOT / "scripts" / "serve").read_text()
    assert "collectstatic" in run
    assert "runserver" not in run and "runserver" in re.search(r"^dev:.*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert f"gunicorn -c {CONFIG}" in (ROOT / "Dockerfile").read_text()


def test_gunicorn_outwaits_the_database_so_postgresql_ends_a_slow_statement_first(settings):
    config = __import__("runpy").run_path(str(ROOT / CONFIG))
    assert config["worker_class"] == "sync"
    assert config["timeout"] > settings.DATABASE_TIMEOUTS["statement_timeout"] > 0
    assert 2 <= config["workers"] <= 9


@pytest.mark.django_db
def test_a_burst_of_concurrent_requests_is_answered_on_a_bounded_number_of_connections(django_db_setup):
    name = "carte-burst-test"
    workers = configured_workers()
    observed, done = [], threading.Event()

    def watch():
        with admin_connection() as conn:
            while not done.is_set():
                observed.append(backends(name, conn))
                time.sleep(0.05)

    with gunicorn(name) as base:
        watcher = threading.Thread(target=watch)
        watcher.start()
        with ThreadPoolExecutor(AT_ONCE) as pool:
            statuses = list(pool.map(lambda i: get(base + PATHS[i % len(PATHS)])[0], range(REQUESTS)))
        done.set()
        watcher.join()
        after = backends(name)
    answered = statuses.count(200)
    print(f"burst: {answered} answered 200, {REQUESTS - answered} not, {workers} workers, at most {max(observed)} connections, {after} after")
    assert statuses == [200] * REQUESTS
    assert max(observed) <= workers
    assert after <= workers
    deadline = time.monotonic() + 10
    while backends(name) and time.monotonic() < deadline:  # the server stopped: its connections go
        time.sleep(0.1)
    assert backends(name) == 0


@pytest.mark.django_db
def test_gunicorn_refuses_to_start_with_more_workers_than_postgresql_accepts(django_db_setup):
    environment = {**os.environ, **database_environment(), "DJANGO_SETTINGS_MODULE": "project.settings.test",
                   "GUNICORN_WORKERS": "500", "GUNICORN_BIND": f"127.0.0.1:{free_port()}"}  # fmt: skip
    result = subprocess.run(COMMAND, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "500 workers (+5 for other clients) exceed the" in result.stderr
    assert "lower GUNICORN_WORKERS or raise max_connections" in result.stderr
