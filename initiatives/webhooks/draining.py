"""A subscription's pending deliveries, sent oldest first over one connection, by one worker
at a time (a PostgreSQL advisory lock per subscription: at most one connection per receiver).
No transaction stays open while a receiver answers: it would hold the change feed back.

A failure stops the drain: the whole subscription waits (RETRY_BASE × 2^(failures − 1) seconds,
at most RETRY_MAX) before the same delivery is tried again, so a receiver that is down gets one
try at a time, not one per event. A delivery refused MAX_ATTEMPTS times is given up; a
subscription failing PAUSE_AFTER_FAILURES times in a row, or for PAUSE_AFTER_HOURS, is paused
and its owner told."""

import datetime
import logging
import time

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.models import WebhookAttempt, WebhookDelivery, WebhookSubscription

from .sending import Receiver

logger = logging.getLogger(__name__)
LOCK_SPACE = 7315  # the advisory locks' first key: webhook subscriptions
BATCH = 100
TIME_BUDGET = 30.0  # seconds: then the thread goes to other subscriptions (the sweep comes back)


def drain(subscription_id):
    """Send what is due for this subscription; returns how many were received."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_SPACE, subscription_id])
        if not cursor.fetchone()[0]:
            return 0  # another worker drains it
    try:
        return _drain(subscription_id)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_SPACE, subscription_id])


def _drain(subscription_id):
    subscription = WebhookSubscription.objects.filter(pk=subscription_id, paused_at__isnull=True).first()
    if subscription is None or (subscription.retry_at and subscription.retry_at > timezone.now()):
        return 0
    receiver = Receiver(subscription)
    received, deadline = 0, time.monotonic() + TIME_BUDGET
    try:
        while time.monotonic() < deadline:
            pending = subscription.deliveries.filter(status=WebhookDelivery.Status.PENDING).select_related("message")
            batch = list(pending.order_by("id")[:BATCH])
            if not batch:
                break
            outcomes = []
            for delivery in batch:
                outcome = receiver.post(delivery)
                outcomes.append((delivery, outcome))
                if not outcome.received:
                    break
            received += record(subscription, outcomes)
            if not outcomes[-1][1].received:
                break
    finally:
        receiver.close()
    return received


@transaction.atomic
def record(subscription, outcomes):
    """Log the attempts; mark what was received; count a failure (and maybe pause)."""
    WebhookAttempt.objects.bulk_create(
        WebhookAttempt(delivery=d, at=o.at, duration_ms=o.duration_ms, status=o.status, error=o.error) for d, o in outcomes
    )
    # One UPDATE per answer status (Django's bulk_update builds one CASE per row: slow).
    by_status = {}
    for delivery, outcome in outcomes:
        if outcome.received:
            by_status.setdefault(outcome.status, []).append(delivery.pk)
    for code, ids in by_status.items():
        WebhookDelivery.objects.filter(pk__in=ids).update(
            status=WebhookDelivery.Status.DELIVERED, attempts=F("attempts") + 1, last_status=code, last_error="",
            delivered_at=Now(),
        )  # fmt: skip
    received = sum(len(ids) for ids in by_status.values())
    delivery, outcome = outcomes[-1]
    if outcome.received:
        if subscription.consecutive_failures:
            WebhookSubscription.objects.filter(pk=subscription.pk).update(consecutive_failures=0, failing_since=None,
                                                                           retry_at=None)  # fmt: skip
            subscription.consecutive_failures = 0
        return received
    delivery.attempts += 1
    delivery.last_status, delivery.last_error = outcome.status, outcome.error
    if delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
    delivery.save(update_fields=["attempts", "last_status", "last_error", "status"])
    _count_failure(subscription, outcome)
    return received


def _count_failure(subscription, outcome):
    failures = subscription.consecutive_failures + 1
    since = subscription.failing_since or outcome.at
    wait = min(settings.WEBHOOK_RETRY_BASE * 2 ** (failures - 1), settings.WEBHOOK_RETRY_MAX)
    changes = {"consecutive_failures": failures, "failing_since": since,
               "retry_at": outcome.at + datetime.timedelta(seconds=wait)}  # fmt: skip
    too_long = outcome.at - since >= datetime.timedelta(hours=settings.WEBHOOK_PAUSE_AFTER_HOURS)
    if failures >= settings.WEBHOOK_PAUSE_AFTER_FAILURES or too_long:
        changes["paused_at"] = timezone.now()
        changes["pause_reason"] = _("%(count)d échecs de suite depuis le %(since)s ; dernier : %(error)s") % {
            "count": failures, "since": since.strftime("%Y-%m-%d %H:%M UTC"), "error": outcome.error}  # fmt: skip
        transaction.on_commit(lambda: _tell_owner(subscription, changes["pause_reason"]))
        logger.warning("webhook subscription %s paused: %s", subscription.pk, changes["pause_reason"])
    WebhookSubscription.objects.filter(pk=subscription.pk).update(**changes)
    for name, value in changes.items():
        setattr(subscription, name, value)


def _tell_owner(subscription, reason):
    if not subscription.owner.email:
        return
    send_mail(
        subject=_("Carte des réseaux : votre webhook est en pause"),
        message=_("Les envois vers %(url)s sont en pause : %(reason)s\n\nCorrigez le récepteur, puis reprenez "
                  "les envois (POST %(resume)s) : ce qui attendait sera envoyé.") % {
            "url": subscription.url, "reason": reason,
            "resume": f"{settings.SITE_URL.rstrip('/')}/api/v1/webhooks/{subscription.pk}/resume/"},
        from_email=None, recipient_list=[subscription.owner.email], fail_silently=True,
    )  # fmt: skip
