"""Brute-force limits on the account pages. Logins (/comptes/login/ and /admin/login/) are
counted by django-axes in the database: LOGIN_FAILURE_LIMIT wrong passwords for one username
from one client lock that pair out for LOGIN_LOCKOUT_MINUTES. Password-reset requests take a
place in the same atomic counter as anonymous proposals (initiatives.ratelimits), per client
and per address, so nobody can flood a mailbox."""

import hashlib

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.views import PasswordResetView
from django.shortcuts import render
from django.utils.translation import gettext as _

from initiatives import ratelimits


class LoginLimitBackend(AxesStandaloneBackend, ModelBackend):
    """Django's own backend behind axes' check, as the only backend (so login() after a signup
    needs no backend named). Axes checks logins that come with a request — every web login
    does; one without (a script, the test client's login()) is no brute force from the web."""

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is not None:
            super().authenticate(request, username, password, **kwargs)  # raises when locked out
        return ModelBackend.authenticate(self, request, username, password, **kwargs)


def client_address(request):
    """Axes sees the client as every other limit does (NUM_PROXIES, X-Forwarded-For)."""
    return ratelimits.client_address(request)


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a French page saying for how long, and Retry-After."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": -(-seconds // 60)}
    response = render(request, "registration/locked_out.html", context, status=429)
    response["Retry-After"] = seconds
    return response


class LimitedPasswordResetView(PasswordResetView):
    def form_valid(self, form):
        address = form.cleaned_data["email"].strip().lower()
        limits = [
            ("password-reset:client", settings.PASSWORD_RESET_RATE_PER_CLIENT, None),
            # Hashed: the cache table need not hold the addresses people type.
            ("password-reset:address", settings.PASSWORD_RESET_RATE_PER_ADDRESS, hashlib.sha256(address.encode()).hexdigest()),
        ]  # fmt: skip
        for scope, rate, subject in limits:
            slot = ratelimits.take_for(self.request, scope=scope, rate=rate, subject=subject)
            if slot.refused:
                minutes = -(-slot.retry_after // 60)
                form.add_error("email", _("Trop de demandes de nouveau mot de passe : réessayez dans %(minutes)d minutes.") % {"minutes": minutes})
                response = self.form_invalid(form)
                response.status_code = 429
                response["Retry-After"] = slot.retry_after
                return response
            slot.keep()
        return super().form_valid(form)
