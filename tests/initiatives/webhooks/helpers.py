from django_tasks_db.management.commands.db_worker import Worker

from initiatives.webhooks import dispatch, tasks


def run_queue():
    """One turn of what the worker does, in this process: new changes into deliveries, the due
    drains enqueued, then every queued task run by the task queue's own worker loop."""
    dispatch.dispatch_changes()
    tasks.enqueue_due_drains()
    Worker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
           max_tasks=None, worker_id="test", excluded_queue_names=[]).run()  # fmt: skip
