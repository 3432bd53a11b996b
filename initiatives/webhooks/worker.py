"""The worker process (`manage.py run_worker`): THREADS threads run the task queue's own
worker loop (django-tasks-db), so at most THREADS deliveries are in flight at once, whatever
the number of events and subscribers; the main thread, every POLL seconds, turns new changes
into deliveries and enqueues the drains that are due."""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Worker
from django.utils.crypto import get_random_string

from . import dispatch, tasks

logger = logging.getLogger(__name__)


class WorkerProcess:
    def __init__(self, *, threads=None, poll=None):
        self.threads = threads or settings.WORKER_THREADS
        self.poll = settings.WORKER_POLL_SECONDS if poll is None else poll
        self.stopping = threading.Event()
        self.workers = []
        self.running = []

    def start(self):
        for n in range(self.threads):
            worker = Worker(queue_names=["*"], interval=self.poll, batch=False, backend_name="default",
                            startup_delay=False, max_tasks=None, worker_id=f"{get_random_string(12)}-{n}",
                            excluded_queue_names=[])  # fmt: skip
            thread = threading.Thread(target=self._run_worker, args=(worker,), name=f"tasks-{n}", daemon=True)
            self.workers.append(worker)
            self.running.append(thread)
            thread.start()

    def _run_worker(self, worker):
        try:
            worker.run()
        finally:
            connection.close()

    def tick(self):
        """Dispatch the new changes (all of them, batch after batch), then enqueue the due drains."""
        close_old_connections()
        while dispatch.dispatch_changes() == dispatch.BATCH:
            pass
        tasks.enqueue_due_drains()

    def serve(self):
        """Tick until stop() (a signal): the loop of the worker process."""
        self.start()
        logger.info("worker: %d task threads, polling every %s s", self.threads, self.poll)
        while not self.stopping.is_set():
            try:
                self.tick()
            except Exception:  # the database away, say: log, wait, try again
                logger.exception("worker tick failed")
                connection.close()
            self.stopping.wait(self.poll)
        self.join()

    def stop(self):
        self.stopping.set()
        for worker in self.workers:
            worker.running = False

    def join(self, timeout=None):
        for thread in self.running:
            thread.join(timeout)
        connection.close()
