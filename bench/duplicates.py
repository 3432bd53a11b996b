"""The duplicate-candidates benchmark: what a person proposing an initiative waits for
(initiatives.duplicates.for_proposal, and the whole /api/v1/duplicates/ view) at N
initiatives. Target (issue 12): ≤ 50 ms at 100,000.

    .venv/bin/python -m bench.duplicates --size 100000

Probes, from bench.generate's data (seed 1): "near" ones copy an existing initiative (its
commune, its website, a point 10 m away, its name with a word changed) — the candidates are
found; "new" ones are new names in the biggest towns of the data (the commune test then scans
that town's initiatives). Each round runs every probe with the indexes of migrations 0015 and 0025, then
without them (dropped in a transaction that is rolled back), interleaved, so that the machine's
load weighs on both alike; the ratio says what the indexes are worth."""

import argparse
import os
import random
import statistics
import time

from bench.common import db_name, ensure_dataset, setup_environment

INDEXES = ("initiative_insee_name", "initiative_commune_name", "initiative_website_domain", "initiative_source_id")


def probes(rng, count):
    from bench.generate import CITIES
    from initiatives import snapshots
    from initiatives.models import Initiative

    published = Initiative.objects.published().exclude(commune="")
    top = Initiative.objects.order_by("-id").values_list("id", flat=True).first()
    near = []
    for initiative in published.filter(id__in=rng.sample(range(1, top + 1), count * 2))[:count]:
        snapshot = snapshots.normalise({**snapshots.take(initiative), "name": initiative.name.rsplit(" ", 1)[0] + " bis"})
        if snapshot["location"]:
            snapshot["location"] = [snapshot["location"][0] + 0.0001, snapshot["location"][1]]
        near.append(snapshot)
    biggest = [city.name for city in CITIES[:10]]  # the most initiatives share these communes
    new = [snapshots.normalise({"name": f"Ressourcerie solidaire {i}", "kind": "place", "commune": rng.choice(biggest),
                                "location": None, "website": f"https://new-{i}.example.net/"})
           for i in range(count)]  # fmt: skip
    return {"near": near, "new": new}


def timed(call):
    started = time.perf_counter()
    result = call()
    return (time.perf_counter() - started) * 1000, result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100000)
    parser.add_argument("--probes", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args(argv)
    setup_environment()
    os.environ["LOCAL_DB_NAME"] = db_name(options.size)  # before the settings are read (ensure_dataset reads them)
    ensure_dataset(options.size)
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test import Client

    from initiatives import duplicates

    rng = random.Random(1)
    sets = probes(rng, options.probes)
    client = Client(HTTP_HOST="localhost")
    times = {(name, indexed): [] for name in sets for indexed in (True, False)}
    found = {name: 0 for name in sets}
    view_times = []
    for _round in range(options.rounds):
        for name, snapshots_ in sets.items():
            for snapshot in snapshots_:
                elapsed, result = timed(lambda: duplicates.for_proposal(snapshot))
                times[(name, True)].append(elapsed)
                found[name] += bool(result)
                with transaction.atomic():
                    with connection.cursor() as cursor:
                        cursor.execute("; ".join(f"DROP INDEX {index}" for index in INDEXES))
                    times[(name, False)].append(timed(lambda: duplicates.for_proposal(snapshot))[0])
                    transaction.set_rollback(True)
        for snapshot in sets["near"][:20]:
            params = {"name": snapshot["name"], "commune": snapshot["commune"], "website": snapshot["website"],
                      "kind": snapshot["kind"], "location_precision": snapshot["location_precision"]}  # fmt: skip
            if snapshot["location"]:
                params["at"] = "{:.6f},{:.6f}".format(*snapshot["location"])
            elapsed, response = timed(lambda: client.get("/api/v1/duplicates/", params))
            assert response.status_code == 200, response.content[:300]
            view_times.append(elapsed)

    print(f"load average {os.getloadavg()[0]:.1f}; {options.size} initiatives; {options.probes} probes × "
          f"{options.rounds} rounds, interleaved")  # fmt: skip
    print("| probes | found | p50 ms | p95 ms | p50 without the 0015/0025 indexes | ratio |\n|---|---|---|---|---|---|")
    for name in sets:
        with_, without = times[(name, True)], times[(name, False)]
        p50, p95 = statistics.median(with_), statistics.quantiles(with_, n=20)[-1]
        p50_without = statistics.median(without)
        print(f"| {name} | {found[name] / options.rounds:.0f}/{len(sets[name])} | {p50:.1f} | {p95:.1f} | "
              f"{p50_without:.1f} | {p50_without / p50:.1f}× |")  # fmt: skip
    print(f"| GET /api/v1/duplicates/ (near) | | {statistics.median(view_times):.1f} | "
          f"{statistics.quantiles(view_times, n=20)[-1]:.1f} | | |")


if __name__ == "__main__":
    main()
