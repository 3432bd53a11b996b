"""The worker process `make run` (scripts/serve) and docker-compose start (`manage.py
run_worker`), run for real against the test database: it turns committed changes into signed
deliveries, never sends more at once than its threads, and stops cleanly on SIGTERM."""

import os
import signal
import subprocess
import sys
import tempfile
import time

import pytest
from django.db import transaction
from standardwebhooks import Webhook

from initiatives.models import WebhookDelivery
from tests.factories import make_initiative
from tests.initiatives.webhooks.conftest import subscribe
from tests.ops.server import ROOT, database_environment, free_port, get

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.change_feed]


def wait_for(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_the_worker_delivers_with_bounded_concurrency_and_stops_on_sigterm(receiver, partner):
    received, url = receiver
    received.delay = 0.02  # drains last long enough to overlap
    receivers = [subscribe(partner, f"{url}/{n}") for n in range(4)]
    env = {**os.environ, **database_environment(), "DJANGO_SETTINGS_MODULE": "project.settings.test"}
    log = tempfile.TemporaryFile(mode="w+")
    worker = subprocess.Popen([sys.executable, "manage.py", "run_worker", "--threads", "2"], cwd=ROOT, env=env,
                              stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        with transaction.atomic():
            for n in range(15):
                make_initiative(slug=f"lot-{n}")
        wait_for(lambda: len(received.requests) >= 60 or worker.poll() is not None)
        assert worker.poll() is None
    finally:
        worker.send_signal(signal.SIGTERM)
        code = worker.wait(timeout=30)
        log.seek(0)
        output = log.read()
        log.close()
    assert code == 0, output
    assert len(received.requests) == 60
    assert 1 < received.in_flight_max <= 2  # in parallel, never more than the threads
    assert WebhookDelivery.objects.filter(status="delivered").count() == 60
    for subscription in receivers:
        bodies = [(h, b) for p, h, b in received.requests if p == f"/{subscription.url.rsplit('/', 1)[1]}"]
        assert len(bodies) == 15
        slugs = [Webhook(subscription.secret).verify(body, headers)["data"]["slug"] for headers, body in bodies]
        assert slugs == [f"lot-{n}" for n in range(15)]  # each receiver's in feed order


def test_make_runs_serve_script_starts_the_worker_beside_gunicorn_and_stops_both(receiver, partner):
    received, url = receiver
    subscription = subscribe(partner, url)
    port = free_port()
    env = {**os.environ, **database_environment(), "DJANGO_SETTINGS_MODULE": "project.settings.test",
           "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1", "PY": sys.executable}  # fmt: skip
    log = tempfile.TemporaryFile(mode="w+")
    serve = subprocess.Popen(["scripts/serve"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: get(f"http://127.0.0.1:{port}/healthz")[0] == 200 if _listening(port) else False)
        make_initiative(slug="servie")
        wait_for(lambda: len(received.requests) == 1)
        _path, headers, body = received.requests[0]
        assert Webhook(subscription.secret).verify(body, headers)["data"]["slug"] == "servie"
        children = _children(serve.pid)
        assert len(children) == 2  # the worker and gunicorn's arbiter
    finally:
        serve.send_signal(signal.SIGTERM)
        code = serve.wait(timeout=60)
        log.seek(0)
        output = log.read()
        log.close()
    assert code == 0, output[-3000:]
    assert not [pid for pid in children if os.path.exists(f"/proc/{pid}")], "a child outlived scripts/serve"


def _listening(port):
    import socket

    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _children(pid):
    with open(f"/proc/{pid}/task/{pid}/children") as f:
        return [int(child) for child in f.read().split()]
