"""Run the same work in several threads released at the same instant, each on its own
database connection: what two people pressing "send" together looks like to the server."""

import threading

from django.db import connection


def all_at_once(count, work, timeout=120):
    """Call work(0) … work(count - 1) in `count` threads that start together; wait for all."""
    start = threading.Barrier(count)

    def run(i):
        try:
            start.wait()
            work(i)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
