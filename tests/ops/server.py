"""What `make run` starts — gunicorn with project/gunicorn.conf.py — started by a test against
the test database. Static files come from the apps (the test settings) rather than from a
collectstatic that would take longer than the test; everything else is make run's."""

import os
import runpy
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
CONFIG = "project/gunicorn.conf.py"
COMMAND = [sys.executable, "-m", "gunicorn", "-c", CONFIG]  # the Makefile's `run`, with this venv


def configured_workers():
    return runpy.run_path(str(ROOT / CONFIG))["workers"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_environment(name=None):
    """The environment that points the app at the test database (or at `name`)."""
    name = name or connection.settings_dict["NAME"]
    url = os.environ.get("DATABASE_URL")
    if url:
        return {"DATABASE_URL": urlunsplit(urlsplit(url)._replace(path="/" + name))}
    return {"LOCAL_DB_NAME": name}


def admin_connection(dbname="postgres"):
    """A connection of the test's own, outside the app's (and outside Django's)."""
    s = connection.settings_dict
    return psycopg.connect(host=s["HOST"] or None, port=s["PORT"] or None, user=s["USER"], password=s["PASSWORD"] or None,
                           dbname=dbname, autocommit=True)  # fmt: skip


def get(url, timeout=30):
    """(status, headers, body) — an error status is an answer too."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@contextmanager
def gunicorn(application_name, **environment):
    """Serve until the block ends; yields the base URL."""
    port = free_port()
    env = {
        **os.environ, **database_environment(), "DJANGO_SETTINGS_MODULE": "project.settings.test",
        "CONN_MAX_AGE": "60", "DB_APPLICATION_NAME": application_name, "GUNICORN_BIND": f"127.0.0.1:{port}",
        **environment,
    }  # fmt: skip
    log = tempfile.TemporaryFile(mode="w+")  # not a pipe: a full pipe would block the server
    process = subprocess.Popen(COMMAND, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"gunicorn exited: {log.read()[-2000:]}")
            try:
                urllib.request.urlopen(f"{base}/static/frontend/site.css", timeout=5).close()
                break
            except (OSError, urllib.error.URLError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
