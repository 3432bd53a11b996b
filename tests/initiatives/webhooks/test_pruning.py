"""manage.py prune_webhooks: what the deliveries leave behind, pruned past the horizon —
against the real queue (deliveries made by the dispatcher, sent by the task queue's worker to
a real receiver), with nothing pending lost."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from initiatives.models import Change, WebhookAttempt, WebhookDelivery, WebhookMessage, WebhookSubscription
from initiatives.webhooks import tasks
from tests.factories import make_initiative
from tests.initiatives.webhooks.conftest import subscribe
from tests.initiatives.webhooks.helpers import run_queue

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.change_feed]


def prune(*options):
    out = io.StringIO()
    call_command("prune_webhooks", *options, stdout=out)
    return out.getvalue()


def aged(days, **filters):
    """Make the messages matching `filters` `days` old."""
    WebhookMessage.objects.filter(**filters).update(created_at=timezone.now() - dt.timedelta(days=days))


def test_done_messages_past_the_horizon_go_with_their_log_and_pending_ones_stay(receiver, partner):
    _received, url = receiver
    first, second = subscribe(partner, url + "/a"), subscribe(partner, url + "/b")
    old, recent = make_initiative(slug="ancienne"), make_initiative(slug="recente")
    run_queue()
    assert WebhookDelivery.objects.filter(status="delivered").count() == 4 and WebhookAttempt.objects.count() == 4
    # An old one given up for one subscription and still pending for the other (paused, say).
    stuck = make_initiative(slug="en-attente")
    run_queue()
    stuck_message = WebhookMessage.objects.get(change_id__in=_changes_of(stuck))
    WebhookDelivery.objects.filter(message=stuck_message, subscription=first).update(status="failed")
    WebhookDelivery.objects.filter(message=stuck_message, subscription=second).update(status="pending")
    aged(60, change_id__in=_changes_of(old) + _changes_of(stuck))
    DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).update(finished_at=timezone.now() - dt.timedelta(days=60))
    tasks.drain_subscription.enqueue(second.pk)  # queued, not run: never pruned
    finished = DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count()

    output = prune("--keep-days", "30")

    assert f"1 message(s) webhook et {finished} tâche(s) terminée(s)" in output
    remaining = set(WebhookMessage.objects.values_list("change_id", flat=True))
    assert remaining == set(_changes_of(recent) + _changes_of(stuck))
    assert not WebhookDelivery.objects.filter(message__change_id__in=_changes_of(old)).exists()
    assert WebhookAttempt.objects.filter(delivery__message__change_id__in=_changes_of(recent)).count() == 2
    assert list(DBTaskResult.objects.values_list("status", flat=True)) == [TaskResultStatus.READY]


def test_a_message_no_subscription_wants_any_more_goes_whatever_its_age(receiver, partner):
    _received, url = receiver
    gone, kept = subscribe(partner, url + "/gone"), subscribe(partner, url + "/kept", events=["updated"])
    make_initiative(slug="orpheline")
    run_queue()
    assert WebhookMessage.objects.count() == 1
    gone.delete()  # its deliveries go with it; the message stays, wanted by no one

    assert prune().startswith("1 message(s) webhook")
    assert not WebhookMessage.objects.exists()
    assert WebhookSubscription.objects.get() == kept


def test_keep_days_must_be_positive(db):
    with pytest.raises(CommandError, match="au moins 1 jour"):
        prune("--keep-days", "0")


def _changes_of(initiative):
    return list(Change.objects.filter(initiative_id=initiative.pk).values_list("id", flat=True))
