import time

from django.db.models import Q
from django_tasks_db.management.commands.db_worker import Worker

from initiatives.models import Change, WebhookCursor
from initiatives.webhooks import dispatch, tasks


def run_queue(*, settle=True):
    """One turn of what the worker does, in this process: new changes into deliveries, the due
    drains enqueued, then every queued task run by the task queue's own worker loop. `settle`:
    first wait (up to 10 s) for the committed changes to pass the horizon — a transaction of
    another session on the cluster holds it back for a moment."""
    deadline = time.monotonic() + 10
    while dispatch.dispatch_changes() == 0 and settle and _undispatched() and time.monotonic() < deadline:
        time.sleep(0.1)
    tasks.enqueue_due_drains()
    Worker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
           max_tasks=None, worker_id="test", excluded_queue_names=[]).run()  # fmt: skip


def _undispatched():
    cursor = WebhookCursor.objects.first() or WebhookCursor()
    return Change.objects.filter(Q(txid__gt=cursor.txid) | Q(txid=cursor.txid, id__gt=cursor.change_id)).exists()
