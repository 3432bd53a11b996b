"""Settings shared by every environment. Values come from the environment (django-environ);
the defaults run locally against the project-local PostGIS cluster (scripts/localdb)."""

import datetime
from pathlib import Path
from urllib.parse import unquote

import environ
from django.core.exceptions import ImproperlyConfigured

from project.settings.csp import content_security_policy

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "frontend",  # first: its registration/ templates replace the admin's
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework_gis",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "initiatives",
    "api",
    "axes",  # brute-force limits on logins (frontend/limits.py)
    "django_tasks",  # the task framework (a backport of Django 6's): webhook deliveries
    "django_tasks_db",  # its queue, in PostgreSQL; run by `manage.py run_worker`
]

MIDDLEWARE = [
    "api.middleware.HealthCheckMiddleware",  # first: answers before the Host is validated
    "api.middleware.ErrorMiddleware",  # errors clients can act on: JSON under /api/, 503 when the database is away
    "project.replicas.ReplicaMiddleware",  # which database this request reads from
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "project.compression.CompressionMiddleware",  # Django's gzip, but zstd / fast gzip for data
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "frontend.middleware.FrenchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "api.middleware.RequestSizeLimitMiddleware",  # before any view reads a body
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into its page
]

ROOT_URLCONF = "project.urls"
WSGI_APPLICATION = "project.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# The local cluster listens only on a Unix socket inside the checkout (see scripts/localdb).
LOCAL_DATABASE = {
    "ENGINE": "django.contrib.gis.db.backends.postgis",
    "NAME": env("LOCAL_DB_NAME", default="carte"),
    "USER": "carte",
    "HOST": str(BASE_DIR / ".pgdata" / "socket"),
    "PORT": "54329",
}
DATABASES = {"default": env.db("DATABASE_URL") if env("DATABASE_URL", default="") else LOCAL_DATABASE}
DATABASES["default"]["ENGINE"] = "django.contrib.gis.db.backends.postgis"
# --- Database connections and bounded waits (ops) ----------------------------------------
# Served by gunicorn's sync workers (project/gunicorn.conf.py): one request at a time per
# process, so a kept connection is one per worker, never one per dead thread; gunicorn checks
# at start that the workers fit under the server's max_connections.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})["application_name"] = env("DB_APPLICATION_NAME", default="carte")
DATABASES["default"]["OPTIONS"]["connect_timeout"] = env.int("DB_CONNECT_TIMEOUT", default=5)
# No wait is unbounded (seconds; 0 = none, e.g. DB_STATEMENT_TIMEOUT=0 for a long migration):
# - statement: the slowest legitimate query (the map's clusters at 100k initiatives) takes
#   under 1 s; 15 s is far past it and still well under gunicorn's timeout, so PostgreSQL
#   cancels a runaway query (503) before gunicorn kills the worker (an empty 500);
# - lock: our writes hold row locks for milliseconds; 5 s of waiting means something else
#   (a long psql session, a stuck migration) holds them: answer 503 and Retry-After instead;
# - idle in transaction: a transaction left open by a stuck client or a forgotten psql is
#   ended after 60 s, so its locks cannot block everyone for good.
DATABASE_TIMEOUTS = {
    "statement_timeout": env.float("DB_STATEMENT_TIMEOUT", default=15),
    "lock_timeout": env.float("DB_LOCK_TIMEOUT", default=5),
    "idle_in_transaction_session_timeout": env.float("DB_IDLE_IN_TRANSACTION_TIMEOUT", default=60),
}
# The API's queries are small and index-driven: a parallel plan's worker start-up (~10 ms)
# costs more than it saves, and takes the cores concurrent requests need; JIT compiling the
# map's clustering query took ~300 ms of its ~700 ms at 100k initiatives (see bench/).
DATABASES["default"]["OPTIONS"]["options"] = " ".join(
    ["-c max_parallel_workers_per_gather=0 -c jit=off"]
    + [f"-c {name}={int(seconds * 1000)}" for name, seconds in DATABASE_TIMEOUTS.items()]
)
# Streaming replicas (optional): comma-separated database URLs; reads go there, writes never
# (project/replicas.py). A replica gets the primary's connection options and bounded waits.
DATABASE_REPLICA_URLS = env.list("DATABASE_REPLICA_URLS", default=[])
for number, url in enumerate(DATABASE_REPLICA_URLS, start=1):
    replica = env.db_url_config(url)
    DATABASES[f"replica{number}"] = {
        **replica,
        "HOST": unquote(replica["HOST"]),  # a Unix socket's directory, percent-encoded as in libpq URLs
        **{key: DATABASES["default"][key] for key in ("ENGINE", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS")},
        "OPTIONS": {**DATABASES["default"]["OPTIONS"], **replica.get("OPTIONS", {})},
        "TEST": {"MIRROR": "default"},  # the test suite has one database; tests/ops starts a real replica
    }
DATABASE_ROUTERS = ["project.replicas.ReplicaRouter"]
# After a write, the writer's reads stay on the primary until a replica has replayed it, for
# at most this long; an unreachable replica is tried again after this many seconds.
DATABASE_REPLICA_PIN_SECONDS = env.int("DATABASE_REPLICA_PIN_SECONDS", default=300)
DATABASE_REPLICA_RETRY_SECONDS = env.int("DATABASE_REPLICA_RETRY_SECONDS", default=30)
# A database away (down, restarting, read-only, a lock held too long): clients are told to
# come back after this many seconds (api/errors.py).
DATABASE_RETRY_AFTER = env.int("DATABASE_RETRY_AFTER", default=10)
# -------------------------------------------------------------------------------------------

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# French first, English second.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))  # collectstatic (make run, the image)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "frontend.storage.StaticFilesStorage"},  # compressed, hashed
}

# Debian's GDAL 3.6 cannot forbid file and network access from a spatial reference string
# (gis.W001). We never hand user-supplied SRS text or files to GDAL: positions are accepted
# only as WGS84 longitude/latitude numbers or GeoJSON points, so the warning is acknowledged.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

# The data licence travels with every feature and export.
DATA_LICENSE = env("DATA_LICENSE", default="ODbL-1.0")
DATA_LICENSE_URL = env("DATA_LICENSE_URL", default="https://opendatacommons.org/licenses/odbl/1-0/")
DATA_ATTRIBUTION = env("DATA_ATTRIBUTION", default="Carte des réseaux — contributrices et contributeurs")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# Absolute URLs in the GeoJSON feed (page and API links) start with this.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Anonymous proposals per client address, counted once across the web and the API
# (initiatives/ratelimits.py).
ANONYMOUS_PROPOSALS_RATE = env("ANONYMOUS_PROPOSALS_RATE", default="5/h")

# Geocoding for the contribution form (initiatives/geocoding.py): the offline gazetteer of
# communes, or the national address API (which falls back to the gazetteer when unreachable).
GEOCODERS = ("offline", "address-api")
GEOCODER = env("GEOCODER", default="") or "offline"
if GEOCODER not in GEOCODERS:
    raise ImproperlyConfigured(f"GEOCODER must be one of {', '.join(GEOCODERS)}, not {GEOCODER!r}")
if env("GEOCODER_ADDRESS_API_URL", default=""):
    GEOCODER_ADDRESS_API_URL = env("GEOCODER_ADDRESS_API_URL")
GEOCODER_TIMEOUT = env.float("GEOCODER_TIMEOUT", default=5.0)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.negotiation.FormatParameterNegotiation",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "URL_FORMAT_OVERRIDE": "format",
    # How many reverse proxies in front of us append to X-Forwarded-For: the client is the
    # address the last of them saw. 0 (direct) ignores the header, which anyone can forge.
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
    "DEFAULT_THROTTLE_RATES": {"user_write": env("CONTRIBUTOR_PROPOSALS_RATE", default="120/h")},
}
# --- Errors clients can act on (ops): JSON for every API error, 503 when the database is away.
REST_FRAMEWORK["EXCEPTION_HANDLER"] = "api.errors.exception_handler"
# -------------------------------------------------------------------------------------------
SPECTACULAR_SETTINGS = {
    "TITLE": "Carte des réseaux — API",
    "DESCRIPTION": (
        "GeoJSON feed of the cooperative networks and commons initiatives of the Tour de "
        "France des réseaux de la coopération et des communs. Read endpoints are open (CORS), "
        "cacheable (ETag / Last-Modified) and paginated."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc from the drf-spectacular-sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No badge from swagger.io's online validator (it would send it our schema's URL).
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
}

# Partner sites may read the API from any origin; writes are never cross-origin. The
# URL regex matches nothing: api.cors enables CORS for the API's reads only (and their
# preflights), so a write's response carries no Access-Control-Allow-Origin.
CORS_URLS_REGEX = r"(?!)"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Link"]

# Map tiles: the only third-party requests the pages make. Empty = no tiles (plain background).
MAP_TILES_URL = env("MAP_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = env(
    "MAP_TILES_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
MAP_TILES_MAX_ZOOM = env.int("MAP_TILES_MAX_ZOOM", default=19)
CONTENT_SECURITY_POLICY = content_security_policy(MAP_TILES_URL)  # project/settings/csp.py

# Collaborative editing (initiatives/permissions.py, initiatives/services.py).
TRUSTED_AFTER_ACCEPTED = env.int("TRUSTED_AFTER_ACCEPTED", default=3)  # accepted proposals
VOTES_TO_DECIDE = env.int("VOTES_TO_DECIDE", default=3)  # concordant votes of trusted people
MAX_LINKS_BEFORE_REVIEW = env.int("MAX_LINKS_BEFORE_REVIEW", default=3)
BLOCKED_DOMAINS = env.list("BLOCKED_DOMAINS", default=[])
# The partners' change feed keeps this many days (manage.py prune_change_log): a cursor older
# than that gets a 410 telling the partner to resync in full.
CHANGE_LOG_KEEP_DAYS = env.int("CHANGE_LOG_KEEP_DAYS", default=180)
# No form or JSON body of ours is bigger. Django applies it to forms only (DRF reads the
# stream itself): api.middleware.RequestSizeLimitMiddleware caps every body with it (413).
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 300

# Mail: printed on the console unless an SMTP server is configured (EMAIL_URL=smtp://…).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="carte@localhost")
# --- Brute-force limits (ops, frontend/limits.py) ----------------------------------------
AUTHENTICATION_BACKENDS = ["frontend.limits.LoginLimitBackend"]  # Django's ModelBackend behind axes' check
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
# One username from one client: a stranger cannot lock someone else out from elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "frontend.limits.client_address"
AXES_LOCKOUT_CALLABLE = "frontend.limits.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # failures are counted; successful logins are nobody's business
AXES_VERBOSE = False  # the attempts are in the database (admin), not in every command's output
PASSWORD_RESET_RATE_PER_CLIENT = env("PASSWORD_RESET_RATE_PER_CLIENT", default="5/h")
PASSWORD_RESET_RATE_PER_ADDRESS = env("PASSWORD_RESET_RATE_PER_ADDRESS", default="3/h")
# -------------------------------------------------------------------------------------------
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "frontend:home"
LOGOUT_REDIRECT_URL = "frontend:home"

# One cache shared by every server process (rate limits, throttles): a database table.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "cache"},
    # Whole-map aggregates, per process, keyed by the dataset version (selectors.per_dataset_version).
    "dataset": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "dataset", "TIMEOUT": 3600},
    # High-zoom vector tiles of the whole map, per process and dataset version (initiatives/tiles.py):
    # up to ~1 MB each at 1M initiatives, hence few of them.
    "tiles": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tiles", "TIMEOUT": 3600,
              "OPTIONS": {"MAX_ENTRIES": 64}},
}

# --- The API's HTTP contract (issue 9, helper "http") ---
# A partner's page revalidates what it read (If-None-Match / If-Modified-Since): these are
# not CORS-safelisted headers, so a read's preflight must allow them (api/cors.py).
from corsheaders.defaults import default_headers  # noqa: E402

CORS_ALLOW_HEADERS = (*default_headers, "if-none-match", "if-modified-since")
# The schema says what the filters and serializers check but drf-spectacular cannot read.
SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"] = ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.postprocess"]

# Imports of other networks' maps (initiatives/imports/, manage.py import_initiatives).
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=100 * 1024 * 1024)
IMPORT_FETCH_TIMEOUT = env.float("IMPORT_FETCH_TIMEOUT", default=10.0)  # seconds per socket wait
IMPORT_FETCH_DEADLINE = env.float("IMPORT_FETCH_DEADLINE", default=120.0)  # seconds for a whole body
IMPORT_MAX_REDIRECTS = env.int("IMPORT_MAX_REDIRECTS", default=5)
# Never in production: lets tests read from their own server on 127.0.0.1 (no SSRF otherwise).
IMPORT_ALLOW_PRIVATE_HOSTS = False
# The `source` our exports carry; an import under this name matches records by slug.
REPUBLISH_SOURCE_NAME = env("REPUBLISH_SOURCE_NAME", default="carte-des-reseaux")
# Where the moderators' import page keeps a source between its dry run and its confirmation.
IMPORT_STAGING_DIR = env("IMPORT_STAGING_DIR", default="")
# What a file sent to that page may weigh (the request's other fields are small): the one
# path above DATA_UPLOAD_MAX_MEMORY_SIZE (api/middleware.py: RequestSizeLimitMiddleware).
IMPORT_UPLOAD_MAX_BYTES = env.int("IMPORT_UPLOAD_MAX_BYTES", default=50 * 1024 * 1024)
REQUEST_SIZE_LIMITS = {"/moderation/import/": IMPORT_UPLOAD_MAX_BYTES + 64 * 1024}


# --- Signed webhooks (initiatives/webhooks/): deliveries are tasks in PostgreSQL, run by
# `manage.py run_worker` (started by `make run` and docker-compose's `worker`).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Receivers must be https:// on public addresses. Never in production: tests' own receiver.
WEBHOOK_ALLOW_HTTP = False
WEBHOOK_ALLOW_PRIVATE_HOSTS = False
WEBHOOK_TIMEOUT = env.float("WEBHOOK_TIMEOUT", default=10.0)  # seconds per socket wait
# Retries: RETRY_BASE seconds, doubled at each failed attempt, at most RETRY_MAX; a delivery
# is given up after MAX_ATTEMPTS. A subscription failing PAUSE_AFTER_FAILURES times in a row,
# or for PAUSE_AFTER_HOURS, is paused and its owner told (mail; the API and admin show it).
WEBHOOK_RETRY_BASE = env.float("WEBHOOK_RETRY_BASE", default=10.0)
WEBHOOK_RETRY_MAX = env.float("WEBHOOK_RETRY_MAX", default=3600.0)
WEBHOOK_MAX_ATTEMPTS = env.int("WEBHOOK_MAX_ATTEMPTS", default=12)
WEBHOOK_PAUSE_AFTER_FAILURES = env.int("WEBHOOK_PAUSE_AFTER_FAILURES", default=20)
WEBHOOK_PAUSE_AFTER_HOURS = env.float("WEBHOOK_PAUSE_AFTER_HOURS", default=24.0)
# manage.py prune_webhooks: the delivery log and the queue's finished tasks kept this long.
WEBHOOK_KEEP_DAYS = env.int("WEBHOOK_KEEP_DAYS", default=30)
# The worker: this many deliveries at once at most (one connection each, one per
# subscription at a time), and how often it turns new changes into deliveries.
WORKER_THREADS = env.int("WORKER_THREADS", default=4)
WORKER_POLL_SECONDS = env.float("WORKER_POLL_SECONDS", default=2.0)
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {})["WebhookEventEnum"] = "initiatives.models.WebhookEvent"
