"""Brute force on the account pages is stopped: wrong passwords lock a username out for a
while from that client (django-axes, on /comptes/login/ and /admin/login/), and
password-reset requests cannot flood a mailbox. In French, with Retry-After."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client

from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("login_url", ["/comptes/login/", "/admin/login/"])
def test_thirty_wrong_passwords_then_the_right_one_does_not_log_in(login_url, settings):
    user = make_user("morgane")
    user.is_staff = True
    user.save()
    client = Client()
    statuses = [client.post(login_url, {"username": "morgane", "password": f"faux-{i}"}).status_code for i in range(30)]
    response = client.post(login_url, {"username": "morgane", "password": PASSWORD})
    assert statuses[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)  # the form again
    assert set(statuses[settings.AXES_FAILURE_LIMIT :]) == {429}
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert "Connexion bloquée" in page and f"{settings.AXES_COOLOFF_TIME.seconds // 60} minutes" in page
    assert int(response["Retry-After"]) == settings.AXES_COOLOFF_TIME.seconds


def test_a_few_typos_then_the_right_password_log_in_and_start_the_count_again(settings):
    make_user("morgane")
    client = Client()
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/comptes/login/", {"username": "morgane", "password": f"faux-{i}"})
    assert client.post("/comptes/login/", {"username": "morgane", "password": PASSWORD}).status_code == 302
    assert "_auth_user_id" in client.session


def test_a_locked_out_username_is_locked_for_that_client_only(settings):
    make_user("morgane")
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for i in range(settings.AXES_FAILURE_LIMIT):
        attacker.post("/comptes/login/", {"username": "morgane", "password": f"faux-{i}"})
    owner = Client(REMOTE_ADDR="198.51.100.7")
    assert owner.post("/comptes/login/", {"username": "morgane", "password": PASSWORD}).status_code == 302


def test_twenty_reset_requests_send_three_mails(settings):
    make_user("morgane")  # morgane@example.org
    client = Client()
    responses = [client.post("/comptes/password_reset/", {"email": "morgane@example.org"}) for _ in range(20)]
    assert len(mail.outbox) == 3  # PASSWORD_RESET_RATE_PER_ADDRESS
    assert [r.status_code for r in responses[:3]] == [302] * 3
    refused = responses[3]
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Trop de demandes de nouveau mot de passe" in refused.content.decode()


def test_one_client_cannot_ask_resets_for_many_addresses(settings):
    client = Client()
    answers = [client.post("/comptes/password_reset/", {"email": f"x{i}@example.org"}).status_code for i in range(8)]
    assert answers == [302] * 5 + [429] * 3  # PASSWORD_RESET_RATE_PER_CLIENT


def test_the_language_cookie_is_secure_and_same_site_in_production():
    environment = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "project.settings.prod", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "carte.example.org",
    }  # fmt: skip
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "r = Client().post('/i18n/setlang/', {'language': 'en', 'next': '/'}, secure=True, HTTP_HOST='carte.example.org')\n"
        "print(r.cookies['django_language'].output())"
    )
    cookie = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, check=True).stdout
    assert "django_language=en" in cookie
    assert "Secure" in cookie and "SameSite=Lax" in cookie and "HttpOnly" in cookie
