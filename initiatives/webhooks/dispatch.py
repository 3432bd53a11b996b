"""The change log turned into deliveries. It is read as the change feed reads it (initiatives/
changelog.py): in (txid, id) order and only below the oldest running transaction, so a
transaction that commits late is never skipped. Each event is one message (its body stored
once), delivered to each subscription that wants it. One transaction moves the cursor and
writes them: a crash repeats or loses nothing."""

import json
import uuid

from django.db import transaction
from django.db.models import Q

from initiatives import changelog
from initiatives.dataset import dataset_state
from initiatives.models import Change, WebhookCursor, WebhookDelivery, WebhookEvent, WebhookMessage, WebhookSubscription

BATCH = 1000


def event_of(action, reason):
    """created / updated, and a removal by its reason: archived, merged, or removed."""
    if action != Change.Action.REMOVED:
        return action
    return reason if reason in (WebhookEvent.ARCHIVED, WebhookEvent.MERGED) else WebhookEvent.REMOVED


def matches(subscription, event, change):
    """The subscription's event and filters (each one given: any of its values), as ?theme=
    &network=&department=&region= filter the change feed."""
    return event in subscription.events and all(
        not wanted or set(wanted) & set(values)
        for wanted, values in ((subscription.themes, change.themes), (subscription.networks, change.networks),
                               (subscription.departments, change.departments), (subscription.regions, change.regions))
    )  # fmt: skip


@transaction.atomic
def dispatch_changes(*, batch=BATCH):
    """Turn the next `batch` final changes into deliveries; returns how many changes were read."""
    cursor, _created = WebhookCursor.objects.select_for_update().get_or_create(pk=1)
    changes = list(
        Change.objects.filter(txid__lt=changelog.HORIZON, txid__gte=cursor.txid)
        .filter(Q(txid__gt=cursor.txid) | Q(id__gt=cursor.change_id))
        .order_by("txid", "id")
        .annotate(entry=changelog.ENTRY)
        .only("txid", "action", "reason", "at", "themes", "networks", "departments", "regions")[:batch]
    )
    if not changes:
        return 0
    subscriptions = list(WebhookSubscription.objects.all())
    identity = dataset_state().identity
    messages, receivers = [], []
    for change in changes:
        event = event_of(change.action, change.reason)
        wanted_by = [s for s in subscriptions if matches(s, event, change)]
        if wanted_by:
            messages.append(WebhookMessage(message_id=f"msg_{uuid.uuid4().hex}", change_id=change.id, event=event,
                                           body=message_body(change, event, identity)))  # fmt: skip
            receivers.append(wanted_by)
    WebhookMessage.objects.bulk_create(messages)
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(subscription=s, message=message) for message, wanted_by in zip(messages, receivers) for s in wanted_by
    )
    cursor.txid, cursor.change_id = changes[-1].txid, changes[-1].id
    cursor.save()
    return len(changes)


def message_body(change, event, identity):
    """The Standard Webhooks payload: type, timestamp, and the change as the feed gives it,
    with the feed cursor just after it (a partner can go on from there with /api/v1/changes/)."""
    data = json.loads(change.entry)
    data["cursor"] = changelog.encode_cursor(changelog.Position(change.txid, change.id), identity)
    return json.dumps({"type": f"initiative.{event}", "timestamp": data["at"], "data": data},
                      ensure_ascii=False, separators=(",", ":"))  # fmt: skip
