"""The queue's tasks (django-tasks, stored in PostgreSQL by its database backend) and the
sweep that enqueues them: each subscription with pending deliveries, not paused nor waiting
out a backoff, and without a drain already queued, gets one."""

from django.db.models import Exists, Func, JSONField, OuterRef, Q
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from initiatives.models import WebhookDelivery, WebhookSubscription

from . import draining


@task()
def drain_subscription(subscription_id):
    return draining.drain(subscription_id)


def enqueue_due_drains():
    """Enqueue a drain for each subscription that has something to send now; returns them."""
    pending = WebhookDelivery.objects.filter(subscription=OuterRef("pk"), status=WebhookDelivery.Status.PENDING)
    queued = DBTaskResult.objects.filter(
        task_path=drain_subscription.module_path, status=TaskResultStatus.READY,
        args_kwargs__args__0=Func(OuterRef("pk"), function="to_jsonb", output_field=JSONField()),
    )  # fmt: skip
    due = (
        WebhookSubscription.objects.filter(paused_at__isnull=True)
        .filter(Q(retry_at__isnull=True) | Q(retry_at__lte=timezone.now()))
        .filter(Exists(pending))
        .exclude(Exists(queued))
        .values_list("pk", flat=True)
    )
    ids = list(due)
    for subscription_id in ids:
        drain_subscription.enqueue(subscription_id)
    return ids
