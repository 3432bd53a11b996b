"""What the webhooks leave behind, pruned (manage.py prune_webhooks, daily): the messages
that are done — every delivery delivered or given up, older than the horizon — and those no
subscription wants any more (its subscription deleted: no delivery left), with their
deliveries and attempts; and the task queue's finished drains. A message with a delivery
still pending (a paused subscription's, say) is kept whatever its age: resuming sends it.

One statement for the messages: the set it deletes is decided once, on one snapshot, and
the dispatcher writes a message and its deliveries in one transaction, so a message without
a delivery is never one being written."""

from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from initiatives.models import WebhookAttempt, WebhookDelivery, WebhookMessage

_MESSAGES_SQL = """
WITH doomed AS (
    SELECT m.id FROM {message} m
    WHERE (m.created_at < %(before)s OR NOT EXISTS (SELECT FROM {delivery} d WHERE d.message_id = m.id))
      AND NOT EXISTS (SELECT FROM {delivery} d WHERE d.message_id = m.id AND d.status = %(pending)s)
), deliveries AS (
    SELECT d.id FROM {delivery} d JOIN doomed ON d.message_id = doomed.id
), attempts AS (
    DELETE FROM {attempt} WHERE delivery_id IN (SELECT id FROM deliveries)
), gone AS (
    DELETE FROM {delivery} WHERE id IN (SELECT id FROM deliveries)
)
DELETE FROM {message} WHERE id IN (SELECT id FROM doomed)
""".format(
    message=WebhookMessage._meta.db_table, delivery=WebhookDelivery._meta.db_table, attempt=WebhookAttempt._meta.db_table
)


@transaction.atomic
def prune(*, before):
    """Prune what is done and older than `before` (a datetime); (messages, task results) deleted."""
    with connection.cursor() as cursor:
        cursor.execute(_MESSAGES_SQL, {"before": before, "pending": WebhookDelivery.Status.PENDING})
        messages = cursor.rowcount
    # The queue's own notion of finished (successful or failed), as its prune_db_task_results.
    tasks, _by_model = DBTaskResult.objects.finished().filter(finished_at__lt=before).delete()
    return messages, tasks
