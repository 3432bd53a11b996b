import pytest


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
