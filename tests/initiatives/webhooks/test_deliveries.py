"""Deliveries, end to end against the real database and a real receiver: changes committed,
turned into signed messages by the dispatcher, posted by the task queue's worker loop."""

import base64
import hashlib
import hmac
import time

import psycopg
import pytest
from django.core import mail
from django.db import connection, transaction
from standardwebhooks import Webhook, WebhookVerificationError

from initiatives.models import Initiative, WebhookDelivery, WebhookSubscription
from initiatives.webhooks import subscriptions
from tests.factories import LILLE, make_initiative, make_network, make_theme
from tests.initiatives.webhooks.conftest import subscribe
from tests.initiatives.webhooks.helpers import run_queue

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.change_feed]


def spec_signature(secret, message_id, timestamp, body):
    """The signature as the Standard Webhooks spec defines it, computed here independently."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    digest = hmac.new(key, f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def test_a_delivery_is_signed_per_standard_webhooks(receiver, partner):
    received, url = receiver
    subscription = subscribe(partner, url + "/hook")
    initiative = make_initiative(slug="fabrique", name="Fabrique")
    run_queue()

    assert len(received.requests) == 1
    path, headers, body = received.requests[0]
    assert path == "/hook" and headers["Content-Type"] == "application/json"
    assert headers["webhook-id"].startswith("msg_")
    assert abs(int(headers["webhook-timestamp"]) - time.time()) < 60
    assert headers["webhook-signature"] == spec_signature(subscription.secret, headers["webhook-id"],
                                                          headers["webhook-timestamp"], body)  # fmt: skip
    payload = Webhook(subscription.secret).verify(body, headers)  # the spec's own library
    assert payload["type"] == "initiative.created"
    assert (payload["data"]["id"], payload["data"]["slug"]) == (initiative.pk, "fabrique")
    assert payload["data"]["feature"]["properties"]["name"] == "Fabrique"
    with pytest.raises(WebhookVerificationError):
        Webhook(subscription.secret).verify(body.replace(b"Fabrique", b"Fabriqu\xc3\xa9"), headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(subscriptions.new_secret()).verify(body, headers)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status) == ("delivered", 1, 204)


def test_the_cursor_in_a_message_resumes_the_change_feed(receiver, partner, client):
    received, url = receiver
    subscribe(partner, url)
    first = make_initiative(slug="premiere")
    make_initiative(slug="seconde")
    run_queue()
    cursor = [b["data"]["cursor"] for b in received.bodies() if b["data"]["id"] == first.pk][0]
    feed = client.get("/api/v1/changes/", {"since": cursor}).json()
    assert [c["slug"] for c in feed["changes"]] == ["seconde"]


def test_events_and_filters_are_respected(receiver, partner):
    received, url = receiver
    theme, network = make_theme(slug="alimentation"), make_network(slug="reseau-a")
    everything = subscribe(partner, url + "/all")
    only_updates = subscribe(partner, url + "/updates", events=["updated"])
    by_theme = subscribe(partner, url + "/theme", themes=["alimentation"])
    by_network = subscribe(partner, url + "/network", networks=["reseau-a"])
    by_department = subscribe(partner, url + "/nord", departments=["59"])
    removals = subscribe(partner, url + "/removals", events=["archived", "removed"])
    run_queue()
    received.requests.clear()

    with transaction.atomic():  # each created in one transaction, themes and memberships included
        in_brest = make_initiative(slug="a-brest", themes=[theme])
    with transaction.atomic():
        in_lille = make_initiative(slug="a-lille", at=LILLE, department_code="59", networks=[network])
    Initiative.objects.filter(pk=in_brest.pk).update(name="Renommée")
    Initiative.objects.filter(pk=in_lille.pk).update(status="archived")
    Initiative.objects.filter(pk=in_brest.pk).update(status="pending")
    run_queue()

    def got(path):
        return [(b["type"], b["data"]["slug"]) for b in received.bodies(path)]

    assert got("/all") == [("initiative.created", "a-brest"), ("initiative.created", "a-lille"),
                           ("initiative.updated", "a-brest"), ("initiative.archived", "a-lille"),
                           ("initiative.removed", "a-brest")]  # fmt: skip
    assert got("/updates") == [("initiative.updated", "a-brest")]
    assert got("/theme") == [("initiative.created", "a-brest"), ("initiative.updated", "a-brest"),
                             ("initiative.removed", "a-brest")]  # fmt: skip
    assert got("/network") == [("initiative.created", "a-lille"), ("initiative.archived", "a-lille")]
    assert got("/nord") == got("/network")
    assert got("/removals") == [("initiative.archived", "a-lille"), ("initiative.removed", "a-brest")]
    assert {everything.pk, only_updates.pk, by_theme.pk, by_network.pk, by_department.pk, removals.pk} == set(
        WebhookSubscription.objects.values_list("pk", flat=True))


def test_a_failing_receiver_is_retried_with_backoff_then_succeeds(receiver, partner, settings):
    settings.WEBHOOK_RETRY_BASE, settings.WEBHOOK_RETRY_MAX = 1, 10
    received, url = receiver
    received.answers = [500, 503]
    subscription = subscribe(partner, url)
    make_initiative()
    run_queue()
    subscription.refresh_from_db()
    assert subscription.consecutive_failures == 1
    first_wait = (subscription.retry_at - subscription.failing_since).total_seconds()
    assert first_wait == pytest.approx(1, abs=0.01)
    run_queue()  # too early: nothing is sent
    assert len(received.requests) == 1

    time.sleep(1.05)
    run_queue()
    subscription.refresh_from_db()
    assert subscription.consecutive_failures == 2
    second_attempt = WebhookDelivery.objects.get().attempt_log.last()
    assert (subscription.retry_at - second_attempt.at).total_seconds() == pytest.approx(2, abs=0.01)  # doubled

    time.sleep(2.05)
    run_queue()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status) == ("delivered", 3, 204)
    assert [(a.status, a.error) for a in delivery.attempt_log.all()] == [
        (500, "HTTP 500 Internal Server Error"), (503, "HTTP 503 Service Unavailable"), (204, "")]
    assert len({headers["webhook-id"] for _p, headers, _b in received.requests}) == 1  # the same message
    subscription.refresh_from_db()
    assert (subscription.consecutive_failures, subscription.retry_at, subscription.paused_at) == (0, None, None)


def test_an_answer_of_unknown_length_is_not_read(receiver, partner):
    """A receiver dripping its answer cannot hold a worker thread: only the status is read."""
    received, url = receiver
    subscribe(partner, url + "/dripping")
    make_initiative()
    started = time.monotonic()
    run_queue()
    assert time.monotonic() - started < 8  # the answer would take 10 s to end
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.last_status) == ("delivered", 200)


def test_an_unreachable_receiver_is_an_attempt_logged_with_its_error(partner, settings):
    settings.WEBHOOK_TIMEOUT = 1
    with socket_nobody_listens_on() as port:
        subscription = subscribe(partner, f"http://127.0.0.1:{port}/")
        make_initiative()
        run_queue()
    attempt = WebhookDelivery.objects.get().attempt_log.get()
    assert attempt.status is None and "Connection" in attempt.error
    subscription.refresh_from_db()
    assert subscription.consecutive_failures == 1 and subscription.retry_at is not None


def test_a_subscription_that_keeps_failing_is_paused_and_its_owner_told(receiver, partner, settings):
    settings.WEBHOOK_PAUSE_AFTER_FAILURES = 3
    settings.WEBHOOK_RETRY_BASE = settings.WEBHOOK_RETRY_MAX = 0.01
    received, url = receiver
    received.answers = [500] * 3
    subscription = subscribe(partner, url)
    make_initiative()
    make_initiative()
    for _ in range(5):
        run_queue()
        time.sleep(0.02)
    subscription.refresh_from_db()
    assert subscription.paused_at is not None and "3 échecs de suite" in subscription.pause_reason
    assert len(received.requests) == 3  # then nothing while paused
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [partner.email]
    assert url in mail.outbox[0].body

    subscriptions.resume(subscription=subscription)
    run_queue()
    assert WebhookDelivery.objects.filter(status="delivered").count() == 2


def test_a_transaction_that_commits_late_is_not_missed(receiver, partner):
    received, url = receiver
    subscribe(partner, url)
    early, late = make_initiative(slug="tot"), make_initiative(slug="tard")
    run_queue()
    received.requests.clear()
    params = connection.get_connection_params()
    with psycopg.connect(**params) as slow, psycopg.connect(**params) as quick:
        slow.execute("SELECT pg_current_xact_id()")  # its transaction starts first…
        quick.execute("UPDATE initiatives_initiative SET name = 'Tard' WHERE id = %s", [late.pk])
        quick.commit()  # …this one commits first
        run_queue(settle=False)
        assert received.bodies() == []  # held back behind the open transaction, not skipped
        slow.execute("UPDATE initiatives_initiative SET name = 'Tôt' WHERE id = %s", [early.pk])
        slow.commit()
    run_queue()
    assert [(b["data"]["slug"], b["data"]["diff"]["name"]["after"]) for b in received.bodies()] == [
        ("tot", "Tôt"), ("tard", "Tard")]  # both, in commit-safe feed order


class socket_nobody_listens_on:
    def __enter__(self):
        import socket

        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        return self.socket.getsockname()[1]

    def __exit__(self, *exc):
        self.socket.close()
