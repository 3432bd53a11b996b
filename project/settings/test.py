from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)  # noqa: F405
# Serve static files straight from the apps (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Browser tests must not reach any host but ours: no tile server.
MAP_TILES_URL = ""
# Several test runs at once on one cluster (e.g. two checkouts) need distinct test databases.
if env("TEST_DB_NAME", default=""):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DB_NAME")}  # noqa: F405
# Speed, for the test databases' sessions only: a commit need not wait for its WAL flush. The
# cluster itself keeps the durable defaults (scripts/localdb, tests/ops/test_crash.py).
DATABASES["default"]["OPTIONS"]["options"] += " -c synchronous_commit=off"  # noqa: F405
# The webhook tests' receiver is a plain HTTP server on 127.0.0.1; retries come quickly.
WEBHOOK_ALLOW_HTTP = True
WEBHOOK_ALLOW_PRIVATE_HOSTS = True
WEBHOOK_RETRY_BASE = 0.05
WEBHOOK_RETRY_MAX = 0.2
WORKER_POLL_SECONDS = 0.1
