"""The flush that ends each transactional test (tests/conftest.py): Django's, a TRUNCATE of
every table, against ours, a TRUNCATE of the tables that hold rows — interleaved, each after
the sample data was loaded, on a throwaway test database of the local cluster.

    .venv/bin/python -m bench.suite_flush [--rounds 8]
"""

import argparse
import os
import statistics
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=8)
    rounds = parser.parse_args().rounds
    os.environ["DJANGO_SETTINGS_MODULE"] = "project.settings.test"
    os.environ["TEST_DB_NAME"] = "carte_bench_flush"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.backends.postgresql.operations import DatabaseOperations

    from tests.conftest import TRUNCATE_EVERY_TABLE, truncate_written_tables

    original = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    times = {"every table": [], "tables with rows": []}
    try:
        for n in range(rounds):
            order = [("every table", TRUNCATE_EVERY_TABLE), ("tables with rows", truncate_written_tables)]
            for name, flush in order if n % 2 else order[::-1]:
                call_command("load_sample_data", verbosity=0)
                DatabaseOperations.sql_flush = flush
                start = time.perf_counter()
                call_command("flush", verbosity=0, interactive=False, reset_sequences=False)
                times[name].append(time.perf_counter() - start)
                DatabaseOperations.sql_flush = TRUNCATE_EVERY_TABLE
    finally:
        connection.creation.destroy_test_db(original, verbosity=0)
    load = os.getloadavg()[0]
    for name, values in times.items():
        print(f"flush, {name}: median {statistics.median(values) * 1000:.0f} ms, "
              f"min {min(values) * 1000:.0f} ms ({rounds} rounds, load average {load:.1f})")  # fmt: skip


if __name__ == "__main__":
    main()
