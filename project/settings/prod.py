"""Production: every secret and host from the environment, nothing defaulted."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)

# Behind the TLS-terminating proxy (it sets X-Forwarded-Proto): plain HTTP is redirected to
# HTTPS, and browsers are told to stay on HTTPS — for an hour by default; raise
# SECURE_HSTS_SECONDS once HTTPS is known to work for good. /healthz answers before this.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=3600)
# Whether every subdomain is HTTPS-only, or the site goes on browsers' preload lists, is the
# deployer's call about their domain, not ours.
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W005", "security.W021"]  # noqa: F405
# The language choice travels like the session: over HTTPS only, never sent by other sites'
# requests, and out of scripts' reach (the switch is a form posted to /i18n/setlang/).
LANGUAGE_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
