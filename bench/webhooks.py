"""The webhook benchmark: 1,000 events to 10 subscribers (10,000 signed deliveries), from
the change log to a local receiver, by the worker (initiatives/webhooks/worker.py) run in
this process with 1, 4 and 10 task threads, interleaved, `--rounds` times each.

    .venv/bin/python -m bench.webhooks [--events 1000] [--subscribers 10] [--rounds 2] [--delay-ms 5]

The database is carte_bench_webhooks, made anew (migrated, sample data); its change log holds
only the events, filled by bench.sample_db as for bench.changes (creations and updates). The
receiver (127.0.0.1, HTTP/1.1 keep-alive, threaded) answers 204 after --delay-ms, and counts
the connections open at once and the requests in flight at once: the bound the worker
promises is its thread count, whatever the number of events and subscribers. Each run starts
from no delivery; its time is from the first dispatch to the last delivery recorded."""

import argparse
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bench.common import setup_environment
from bench.sample_db import fill_change_log, fresh_database

DB = "carte_bench_webhooks"


class Counter:
    def __init__(self, delay):
        self.delay, self.lock = delay, threading.Lock()
        self.requests = self.open = self.open_max = self.flight = self.flight_max = 0


def receiver(counter):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self):
            super().setup()
            with counter.lock:
                counter.open += 1
                counter.open_max = max(counter.open_max, counter.open)

        def finish(self):
            super().finish()
            with counter.lock:
                counter.open -= 1

        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            with counter.lock:
                counter.flight += 1
                counter.flight_max = max(counter.flight_max, counter.flight)
            time.sleep(counter.delay)
            with counter.lock:
                counter.flight -= 1
                counter.requests += 1
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def one_run(threads, expected, counter, url_base, subscribers):
    from django.db import connection

    from initiatives.models import WebhookCursor, WebhookDelivery, WebhookSubscription
    from initiatives.webhooks.worker import WorkerProcess
    from django_tasks_db.models import DBTaskResult

    WebhookDelivery.objects.all().delete()  # attempts go with them
    DBTaskResult.objects.all().delete()
    WebhookCursor.objects.all().delete()
    WebhookSubscription.objects.update(consecutive_failures=0, retry_at=None, failing_since=None)
    counter.requests = counter.open_max = counter.flight_max = 0
    process = WorkerProcess(threads=threads, poll=0.05)
    started = time.perf_counter()
    process.start()
    try:
        while True:
            process.tick()
            if WebhookDelivery.objects.filter(status="delivered").count() == expected:
                break
            time.sleep(0.05)
    finally:
        process.stop()
        process.join(timeout=30)
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--subscribers", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--delay-ms", type=float, default=5)
    options = parser.parse_args(argv)
    setup_environment()
    os.environ["LOCAL_DB_NAME"] = DB
    fresh_database(DB)
    fill_change_log(DB, options.events, alone=True)  # the sample data's own creations: only ours count
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User

    from initiatives.models import WebhookSubscription
    from initiatives.webhooks import subscriptions

    # The receiver is this machine's: allowed here as the test settings allow it.
    settings.WEBHOOK_ALLOW_HTTP = settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = True
    counter = Counter(options.delay_ms / 1000)
    server = receiver(counter)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    owner = User.objects.create_user("bench-partner", email="bench@example.org")
    for n in range(options.subscribers):
        subscriptions.subscribe(owner=owner, url=f"{base}/{n}", events=["created", "updated"])
    expected = options.events * options.subscribers
    print(f"load average {os.getloadavg()[0]:.1f}; {options.events} events × {options.subscribers} subscribers = "
          f"{expected} deliveries; receiver answers in {options.delay_ms:g} ms")  # fmt: skip
    print("| threads | round | s | deliveries/s | connections open at once (max) | requests in flight (max) |")
    print("|---|---|---|---|---|---|")
    for round_ in range(1, options.rounds + 1):
        for threads in (1, 4, 10):
            elapsed = one_run(threads, expected, counter, base, WebhookSubscription.objects.count())
            assert counter.requests == expected, (counter.requests, expected)
            print(f"| {threads} | {round_} | {elapsed:.1f} | {expected / elapsed:.0f} | {counter.open_max} | "
                  f"{counter.flight_max} |", flush=True)  # fmt: skip
    server.shutdown()


if __name__ == "__main__":
    main()
