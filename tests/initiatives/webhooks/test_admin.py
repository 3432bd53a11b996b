"""Moderators register receivers in the admin, under the API's rules, and resume paused ones."""

import pytest
from django.contrib.auth.models import User

from initiatives.models import WebhookSubscription

pytestmark = pytest.mark.django_db
ADD = "/admin/initiatives/webhooksubscription/add/"


def form(owner, url, **fields):
    return {"owner": owner.pk, "url": url, "description": "", "events": ["created", "archived"], "themes": "",
            "networks": "", "departments": "", "regions": "", **fields}  # fmt: skip


def test_a_moderator_registers_a_receiver_and_sees_its_secret_once(admin_client, admin_user):
    response = admin_client.post(ADD, form(admin_user, "http://127.0.0.1:9/hook", departments="29,2A"), follow=True)
    assert response.status_code == 200
    subscription = WebhookSubscription.objects.get()
    assert (subscription.events, subscription.departments) == (["created", "archived"], ["29", "2A"])
    assert subscription.secret.startswith("whsec_")
    assert subscription.secret in response.content.decode()
    change_page = admin_client.get(f"/admin/initiatives/webhooksubscription/{subscription.pk}/change/")
    assert subscription.secret not in change_page.content.decode()


def test_the_admin_refuses_what_the_api_refuses(admin_client, admin_user, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = False
    response = admin_client.post(ADD, form(admin_user, "https://10.1.2.3/hook", themes="inconnu"))
    assert response.status_code == 200  # the form again, with its errors
    errors = response.context["adminform"].form.errors
    assert "Thèmes inconnus : inconnu" in errors["themes"][0]
    assert "adresse privée, locale ou réservée" in errors["url"][0]
    assert WebhookSubscription.objects.count() == 0


def test_a_paused_subscription_is_resumed_by_the_admin_action(admin_client, admin_user):
    owner = User.objects.create_user("partenaire")
    subscription = WebhookSubscription.objects.create(owner=owner, url="https://example.org/", secret="whsec_x",
                                                      events=["created"], paused_at="2026-01-01T00:00Z",
                                                      consecutive_failures=20)  # fmt: skip
    admin_client.post("/admin/initiatives/webhooksubscription/",
                      {"action": "resume", "_selected_action": [subscription.pk]})  # fmt: skip
    subscription.refresh_from_db()
    assert (subscription.paused_at, subscription.consecutive_failures) == (None, 0)
