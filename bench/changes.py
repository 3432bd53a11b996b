"""The change-feed benchmark: a page of 1,000 changes from /api/v1/changes/ (the whole view:
parameters, cursor, one query, JSON) at the start, the middle and the end of a log of N
changes, unfiltered and filtered by theme and by source. Target (issue 12): ≤ 50 ms a page.

    .venv/bin/python -m bench.changes --changes 100000

The database is carte_bench_changes, made anew (migrated, sample data loaded); its log is
filled with N changes by bench.sample_db (a tenth of them from the source "bench-source").
Times are the median of 15 runs."""

import argparse
import os
import statistics
import time

from bench.common import setup_environment
from bench.sample_db import fill_change_log, fresh_database

DB = "carte_bench_changes"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=100000)
    options = parser.parse_args(argv)
    setup_environment()
    os.environ["LOCAL_DB_NAME"] = DB  # before the settings are read (connect reads them)
    fresh_database(DB)
    fill_change_log(DB, options.changes)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from initiatives import changelog
    from initiatives.dataset import dataset_state

    # Kept between requests, as in production (CONN_MAX_AGE 60 s; the dev settings' 0 would
    # time a new PostgreSQL connection with every page).
    connection.settings_dict["CONN_MAX_AGE"] = 60
    client = Client(HTTP_HOST="localhost")
    identity = dataset_state().identity
    ends = {"start": changelog.START, "middle": changelog.Position(options.changes // 200, 0),
            "end": changelog.Position(options.changes // 100 - 10, 0)}  # fmt: skip
    print(f"load average {os.getloadavg()[0]:.1f}; {options.changes} changes; median of 15 runs")
    print("| where | filter | changes | ms | of which the query (changes_after) |\n|---|---|---|---|---|")
    for where, position in ends.items():
        since = changelog.encode_cursor(position, identity)
        for label, params, filters in (("none", {}, {}), ("theme=communs", {"theme": "communs"}, {"themes": ["communs"]}),
                                       ("source", {"source": "bench-source"}, {"source": "bench-source"})):  # fmt: skip
            times, query_times = [], []
            for _ in range(15):
                started = time.perf_counter()
                response = client.get("/api/v1/changes/", {"since": since, **params})
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.content[:300]
                started = time.perf_counter()
                changelog.changes_after(position, size=1000, **filters)
                query_times.append((time.perf_counter() - started) * 1000)
            count = len(response.json()["changes"])
            print(f"| {where} | {label} | {count} | {statistics.median(times):.1f} | "
                  f"{statistics.median(query_times):.1f} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
