import fcntl
import shutil
import tempfile
from pathlib import Path

import pytest
from django.db.backends.postgresql.operations import DatabaseOperations


@pytest.fixture
def sample_data(db):
    """The real sample networks of fixtures/sample_data.yaml, loaded by the real command."""
    from django.core.management import call_command

    call_command("load_sample_data", verbosity=0)


@pytest.fixture(autouse=True)
def empty_cache(request):
    """Rate-limit counters live in the database cache table, which a transactional test's
    flush does not empty, and whole-map aggregates are remembered per dataset version,
    which starts again at 1 in every test: start every database test with no cache."""
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    elif "db" in request.fixturenames or marker:
        request.getfixturevalue("db")
    else:
        return
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


TRUNCATE_EVERY_TABLE = DatabaseOperations.sql_flush


def truncate_written_tables(self, style, tables, *, reset_sequences=False, allow_cascade=False):
    """Django's flush for PostgreSQL, restricted to the tables that hold rows (CASCADE takes
    the tables that refer to them): the database ends up just as empty."""
    if tables and not reset_sequences:
        written = " UNION ALL ".join(f"SELECT %s WHERE EXISTS (SELECT FROM {self.quote_name(t)})" for t in tables)
        with self.connection.cursor() as cursor:
            cursor.execute(written, tables)
            tables, allow_cascade = [row[0] for row in cursor.fetchall()], True
    return TRUNCATE_EVERY_TABLE(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)


@pytest.fixture(scope="session", autouse=True)
def flush_only_written_tables():
    """A transactional test ends with a `flush`: one TRUNCATE of every table, which costs a
    new file per table and per index (~200 of them) whether or not the test wrote there; a
    test writes to 7 to 11 of the 37 tables. (bench/suite_flush.py measures the two.)"""
    DatabaseOperations.sql_flush = truncate_written_tables
    yield
    DatabaseOperations.sql_flush = TRUNCATE_EVERY_TABLE


# --- Parallel runs (pytest-xdist, `make test`) ----------------------------------------------
# Each worker has its own test database, but all of them share one PostgreSQL cluster, and the
# change feed (initiatives/changelog.py) and the webhook dispatch serve only the transactions
# older than the oldest one still running *in the whole cluster*: a `db` test of another
# worker, inside its transaction from setup to teardown, holds them back (so may a test's
# subprocess or thread). A test marked `change_feed` therefore runs while no other worker runs
# a test: a readers-writer lock across the workers (flock), shared by every other test,
# exclusive for those. A turnstile taken first keeps the other workers' tests, which follow
# each other without a pause, from starving a waiting `change_feed` test.


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):  # xdist: in the controller, for each worker it starts
    node.workerinput["cluster_lock_dir"] = node.config.cluster_lock_dir


def pytest_configure(config):
    if config.pluginmanager.hasplugin("xdist") and getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput"):
        config.cluster_lock_dir = tempfile.mkdtemp(prefix="carte-tests-")


def pytest_unconfigure(config):
    if hasattr(config, "cluster_lock_dir"):
        shutil.rmtree(config.cluster_lock_dir, ignore_errors=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    directory = getattr(item.config, "workerinput", {}).get("cluster_lock_dir")
    if not directory:
        return (yield)
    alone = item.get_closest_marker("change_feed") is not None
    with open(Path(directory) / "turnstile", "a") as turnstile, open(Path(directory) / "cluster", "a") as cluster:
        fcntl.flock(turnstile, fcntl.LOCK_EX)
        fcntl.flock(cluster, fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
        fcntl.flock(turnstile, fcntl.LOCK_UN)
        try:
            return (yield)
        finally:
            fcntl.flock(cluster, fcntl.LOCK_UN)
