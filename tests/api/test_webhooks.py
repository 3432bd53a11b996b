"""/api/v1/webhooks/: partners register receivers with their token; moderators see them all."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from initiatives.models import WebhookSubscription
from tests.factories import make_user

URL = "/api/v1/webhooks/"
RECEIVER = "http://127.0.0.1:9/hook"  # never posted to here: no worker runs in these tests


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def owner(db):
    return make_user("partenaire")


@pytest.fixture
def partner(owner):
    return token_client(owner)


def create(client, **fields):
    return client.post(URL, {"url": RECEIVER, "events": ["created", "merged"], **fields}, format="json")


def test_it_creates_a_subscription_and_shows_its_secret_once(partner, little_map):
    response = create(partner, themes=["communs"], networks=["anim-fr"], departments=["2a", "29"])
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["secret"].startswith("whsec_") and len(body["secret"]) > 30
    assert (body["events"], body["themes"], body["networks"], body["departments"]) == (
        ["created", "merged"], ["communs"], ["anim-fr"], ["29", "2A"])
    stored = WebhookSubscription.objects.get()
    assert stored.secret == body["secret"] and stored.owner.username == "partenaire"

    listed = partner.get(URL).json()
    assert [s["id"] for s in listed] == [body["id"]] and "secret" not in listed[0]
    detail = partner.get(f"{URL}{body['id']}/").json()
    assert "secret" not in detail and detail["recent_deliveries"] == [] and detail["paused_at"] is None


def test_it_needs_a_token(api, db):
    assert api.get(URL).status_code == 401
    assert create(api).status_code == 401
    assert APIClient(HTTP_AUTHORIZATION="Token not-a-token").get(URL).status_code == 401
    assert WebhookSubscription.objects.count() == 0


def test_a_partner_sees_and_removes_only_their_own(partner, db):
    mine = create(partner).json()["id"]
    theirs = create(token_client(make_user("autre"))).json()["id"]
    assert [s["id"] for s in partner.get(URL).json()] == [mine]
    assert partner.get(f"{URL}{theirs}/").status_code == 404
    assert partner.delete(f"{URL}{theirs}/").status_code == 404
    assert partner.delete(f"{URL}{mine}/").status_code == 204
    assert list(WebhookSubscription.objects.values_list("pk", flat=True)) == [theirs]


def test_a_moderator_sees_them_all_and_may_resume_any(partner, db):
    created = create(partner).json()["id"]
    WebhookSubscription.objects.filter(pk=created).update(paused_at="2026-01-01T00:00Z", pause_reason="échecs",
                                                          consecutive_failures=20)  # fmt: skip
    moderator = token_client(make_user("modo", role="moderator"))
    assert [s["id"] for s in moderator.get(URL).json()] == [created]
    resumed = moderator.post(f"{URL}{created}/resume/")
    assert resumed.status_code == 200
    assert (resumed.json()["paused_at"], resumed.json()["consecutive_failures"]) == (None, 0)


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"events": ["deleted"]}, "events", "n'est pas un choix valide"),
    ({"events": []}, "events", ""),
    ({"themes": ["inconnu"]}, "themes", "Thèmes inconnus : inconnu"),
    ({"networks": ["communs"]}, "networks", "Réseaux inconnus : communs"),
    ({"departments": ["99"]}, "departments", "Départements inconnus : 99"),
    ({"url": "ftp://example.org/"}, "url", ""),
])  # fmt: skip
def test_bad_input_is_refused_naming_the_field(partner, little_map, fields, field, message):
    response = create(partner, **fields)
    assert response.status_code == 400
    assert message in str(response.json()[field])
    assert WebhookSubscription.objects.count() == 0


def test_a_private_address_is_refused_in_french(partner, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = False
    response = create(partner, url="https://169.254.169.254/latest/")
    assert response.status_code == 400
    assert "une adresse privée, locale ou réservée" in response.json()["url"][0]
    assert WebhookSubscription.objects.count() == 0


def test_the_list_costs_a_fixed_number_of_queries(partner, owner, django_assert_num_queries):
    for _ in range(5):
        create(partner)
    with django_assert_num_queries(4):  # the token and its user, the permissions (user, groups), the list
        assert len(partner.get(URL).json()) == 5


def test_writes_count_in_the_hourly_write_quota(partner, monkeypatch):
    from api.views.proposals import ContributorProposalThrottle

    monkeypatch.setattr(ContributorProposalThrottle, "THROTTLE_RATES", {"user_write": "2/h"})
    assert [create(partner).status_code for _ in range(3)] == [201, 201, 429]
    assert partner.get(URL).status_code == 200  # reads are not counted
    assert WebhookSubscription.objects.count() == 2
