from .base import *  # noqa: F403

DEBUG = True
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Serve static files straight from the apps (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# runserver serves each request in a thread of its own: a connection kept after the request
# would belong to a dead thread and never be reused nor closed (PostgreSQL's "too many clients").
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
