"""Reads on a streaming replica, writes on the primary, and the writer reads its own writes —
with a real replica of the test cluster (pg_basebackup) behind `make run`'s gunicorn."""

import json
import os
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote
from urllib.request import Request

import psycopg
import pytest
from django.db import connection, transaction
from rest_framework.authtoken.models import Token

from initiatives.models import Initiative
from project import replicas
from project.replicas import LSN_COOKIE, ReplicaRouter
from tests.factories import make_initiative, make_user

from .cluster import pg_bindir
from .server import get, gunicorn

RUNAS = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []


@contextmanager
def streaming_replica():
    """A hot standby of the test database's cluster, streaming from it; yields a connection
    URL for the app, a psycopg connection to it (superuser: it can pause replay) and a
    function that stops it."""
    primary = connection.settings_dict
    root = Path(tempfile.mkdtemp(prefix="carte-r-", dir="/tmp"))  # short: a socket path is ≤ 107 bytes
    if RUNAS:
        shutil.chown(root, "postgres")
    data, socket = root / "data", root / "socket"
    bindir = pg_bindir()
    port = str(primary["PORT"] or 5432)

    def run(*command, check=True):
        subprocess.run([*RUNAS, *map(str, command)], check=check, capture_output=True, timeout=300)

    def stop():
        run(bindir / "pg_ctl", "-D", data, "-m", "immediate", "stop", check=False)

    try:
        run(bindir / "pg_basebackup", "-h", primary["HOST"], "-p", port, "-U", primary["USER"],
            "-D", data, "--write-recovery-conf", "--wal-method=stream", "--checkpoint=fast")  # fmt: skip
        run("mkdir", "-m", "0700", socket)
        run(bindir / "pg_ctl", "-D", data, "-l", root / "log", "-w", "-t", "60", "-o",
            f"-c listen_addresses='' -c unix_socket_directories='{socket}' -c port={port} -c hot_standby=on", "start")  # fmt: skip
        url = f"postgis://{primary['USER']}@{quote(str(socket), safe='')}:{port}/{primary['NAME']}"
        with psycopg.connect(host=str(socket), port=port, user=primary["USER"], dbname=primary["NAME"],
                             autocommit=True) as replica:  # fmt: skip
            assert replica.execute("SELECT pg_is_in_recovery()").fetchone()[0]
            yield url, replica, stop
    finally:
        stop()
        shutil.rmtree(root, ignore_errors=True)


def name_and_etag(url, cookie=None):
    request = Request(url, headers={"Cookie": f"{LSN_COOKIE}={cookie}"} if cookie else {})
    status, headers, body = get(request)
    assert status == 200, body[:500]
    return json.loads(body)["properties"]["name"], headers["ETag"]


def patch(url, token, etag, body):
    request = Request(url, method="PATCH", data=json.dumps(body).encode(), headers={
        "Authorization": f"Token {token}", "Content-Type": "application/json", "If-Match": etag})  # fmt: skip
    return get(request)


def wait_until(check, seconds=30):
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


@pytest.mark.django_db(transaction=True)
def test_reads_go_to_the_replica_writes_to_the_primary_and_the_writer_reads_its_writes():
    make_initiative(slug="maison-du-libre", name="Maison du libre")
    token = Token.objects.create(user=make_user("dominique", role="trusted")).key
    with streaming_replica() as (replica_url, replica, stop_replica), gunicorn("carte-replica-test", DATABASE_REPLICA_URLS=replica_url) as base:
        url = f"{base}/api/v1/initiatives/maison-du-libre/"
        name, etag = name_and_etag(url)
        assert name == "Maison du libre"

        # The replica stops replaying: from now on it serves the data as it was.
        replica.execute("SELECT pg_wal_replay_pause()")
        wait_until(lambda: replica.execute("SELECT pg_get_wal_replay_pause_state()").fetchone()[0] == "paused")
        status, headers, body = patch(url, token, etag, {"name": "Maison du Libre de Morlaix"})
        assert status == 200, body[:500]  # a write sent to the read-only replica would be a 503
        cookie = headers.get_all("Set-Cookie")[0].split(";")[0].removeprefix(f"{LSN_COOKIE}=")  # as sent back
        lsn = cookie.strip('"')  # quoted: it holds a "/"
        assert replica.execute("SELECT pg_last_wal_replay_lsn() < %s::pg_lsn", [lsn]).fetchone()[0]

        # Anyone else reads the replica: the old name, under the old version's ETag — a
        # consistent pair, never the old body under the new tag.
        for _ in range(3):
            assert name_and_etag(url) == ("Maison du libre", etag)
        # The writer reads its write, from the primary.
        fresh_name, fresh_etag = name_and_etag(url, cookie=cookie)
        assert fresh_name == "Maison du Libre de Morlaix" and fresh_etag != etag
        # A mangled cookie is not trusted to pick a replica: the primary answers.
        assert name_and_etag(url, cookie="0/0'; DROP")[0] == "Maison du Libre de Morlaix"

        replica.execute("SELECT pg_wal_replay_resume()")
        wait_until(lambda: name_and_etag(url) == (fresh_name, fresh_etag))
        assert name_and_etag(url, cookie=cookie) == (fresh_name, fresh_etag)

        # The replica goes away under the running server: the primary serves, no error.
        stop_replica()
        for _ in range(3):
            assert name_and_etag(url) == (fresh_name, fresh_etag)


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_on_the_primary_reads_stay_there():
    router, chosen = ReplicaRouter(), replicas._read_alias.set("replica1")
    try:
        assert router.db_for_read(Initiative) == "replica1"
        with transaction.atomic():
            assert router.db_for_read(Initiative) == "default"
        assert router.db_for_write(Initiative) == "default"
    finally:
        replicas._read_alias.reset(chosen)
