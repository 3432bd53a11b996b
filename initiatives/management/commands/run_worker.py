"""Run the task worker: webhook deliveries (initiatives/webhooks/worker.py). `make run` and
docker-compose's `worker` service start it; stop it with SIGTERM or Ctrl+C (the deliveries
in flight end first)."""

import signal

from django.core.management.base import BaseCommand

from initiatives.webhooks.worker import WorkerProcess


class Command(BaseCommand):
    help = "Runs the task worker (webhook deliveries) until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--threads", type=int, help="deliveries at once at most (default: WORKER_THREADS)")

    def handle(self, *args, threads=None, **options):
        process = WorkerProcess(threads=threads)
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: process.stop())
        self.stdout.write("Worker started.")
        self.stdout.flush()
        process.serve()
