"""No acknowledged write is lost when PostgreSQL crashes: writers commit revisions as fast as
they can on a cluster started by scripts/localdb, the server is killed (`pg_ctl -m immediate`)
under them, restarted — and every revision whose commit was answered is still there."""

import threading
import time

import psycopg
import pytest

from .cluster import ThrowawayCluster

WRITERS = 4
ROUNDS = 3

pytestmark = pytest.mark.xdist_group("crash")  # one throwaway cluster (the module's fixture), on one worker


@pytest.fixture(scope="module")
def cluster():
    cluster = ThrowawayCluster()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.remove()


def write_until_the_server_dies(cluster, writer, acknowledged):
    """Each write bumps a version and records the revision in one transaction, as the app's
    writes do; it counts as acknowledged only once COMMIT has returned."""
    try:
        with cluster.connect() as conn:
            while True:
                with conn.transaction():
                    version = conn.execute("UPDATE dataset SET version = version + 1 RETURNING version").fetchone()[0]
                    conn.execute("INSERT INTO revision (version, writer) VALUES (%s, %s)", [version, writer])
                acknowledged.append(version)
    except psycopg.OperationalError:
        return  # the crash


def test_the_local_cluster_keeps_the_durable_defaults(cluster):
    with cluster.connect() as conn:
        settings = dict(conn.execute("SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')").fetchall())
    assert settings == {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}


def test_every_acknowledged_revision_survives_a_crash(cluster):
    with cluster.connect(autocommit=True) as conn:
        conn.execute("CREATE TABLE dataset (version bigint NOT NULL)")
        conn.execute("INSERT INTO dataset VALUES (0)")
        conn.execute("CREATE TABLE revision (version bigint PRIMARY KEY, writer int NOT NULL)")
    acknowledged, per_round = [], []
    for _ in range(ROUNDS):
        writers = [threading.Thread(target=write_until_the_server_dies, args=(cluster, i, acknowledged)) for i in range(WRITERS)]
        for thread in writers:
            thread.start()
        time.sleep(1.0)
        cluster.crash()
        for thread in writers:
            thread.join(timeout=30)
        per_round.append(len(acknowledged) - sum(per_round))
        cluster.start()  # crash recovery replays the WAL
    with cluster.connect() as conn:
        stored = {row[0] for row in conn.execute("SELECT version FROM revision")}
        version = conn.execute("SELECT version FROM dataset").fetchone()[0]
    lost = sorted(set(acknowledged) - stored)
    print(f"crash test: {len(acknowledged)} acknowledged writes over {ROUNDS} crashes, {len(lost)} lost")
    assert min(per_round) >= 20  # the writers really were writing when each crash came
    assert lost == []
    assert version >= max(acknowledged)
