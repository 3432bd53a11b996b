"""A second thread for an import, whose tasks run on the caller's database connections (in
its transaction, seeing what it sees), with its read alias (project/replicas.py) and in its
language. psycopg runs the two threads' statements one at a time on a connection; what the
second thread brings is the time the first one spends in Python while the server works for
the other (a thread waiting on the server holds no GIL)."""

import contextvars
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from django.db import connections
from django.utils import translation


@contextmanager
def second_thread():
    """`submit(function, *args)` → a Future of its result, run in the second thread."""
    shared = {alias: connections[alias] for alias in connections}
    language = translation.get_language()
    context = contextvars.copy_context()

    def run(function, *args):
        for alias, wrapper in shared.items():
            connections[alias] = wrapper
        with translation.override(language):  # None: translations off, as in the caller
            return function(*args)

    for wrapper in shared.values():
        wrapper.inc_thread_sharing()
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="import") as pool:
            yield lambda function, *args: pool.submit(context.run, run, function, *args)
    finally:
        for wrapper in shared.values():
            wrapper.dec_thread_sharing()
