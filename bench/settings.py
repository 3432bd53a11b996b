"""Settings for the benchmarks (python -m bench.run / bench.map): the dev settings as a
production server would run them — DEBUG off, no map tiles (so no request leaves the
machine), static files indexed once — plus the drf-gis baseline route (bench/urls.py).
The database comes from LOCAL_DB_NAME (carte_bench_<size>), set by the runner."""

from project.settings.dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
MAP_TILES_URL = ""
ROOT_URLCONF = "bench.urls"
WHITENOISE_AUTOREFRESH = False  # dev re-scans static files on every request; production does not
# Persistent connections, as production (base.py) keeps them; dev's 0 made every request pay a
# new PostgreSQL backend and its cold catalog caches (~30 ms of CPU a request).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)  # noqa: F405
LOGGING = {**LOGGING, "root": {**LOGGING["root"], "level": "WARNING"}}  # noqa: F405

# python -m bench.run --tuned-sql: a diagnostic, no parallel plans and no JIT (see README.md).
if env.bool("BENCH_TUNED_SQL", default=False):  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (  # noqa: F405
        "-c max_parallel_workers_per_gather=0 -c jit=off"
    )

# python -m bench.lighthouse: static files as production serves them — collected into
# BENCH_STATIC_ROOT by the harness, hashed and pre-compressed by whitenoise's manifest storage.
if env("BENCH_STATIC_ROOT", default=""):  # noqa: F405
    STATIC_ROOT = env("BENCH_STATIC_ROOT")  # noqa: F405
    STORAGES["staticfiles"]["BACKEND"] = "frontend.storage.StaticFilesStorage"  # noqa: F405
    WHITENOISE_USE_FINDERS = False
