"""The import benchmark: N rows as CSV and as GoGoCarto JSON, each imported by the real
command in a fresh database — dry run, apply, then the same file again — with wall time and
peak memory (the child's ru_maxrss) of each run.

    .venv/bin/python -m bench.imports --rows 10000,100000
    .venv/bin/python -m bench.imports --rows 100000 --runs apply --against ../wt/base --rounds 2

`--against` runs the same with another checkout's code, alternating with this one's (each run
on a fresh database migrated by its checkout), and ends with the ratio of their seconds. The
target (issue 12): dry run and apply each ≤ 60 s at 100,000 rows, with memory that does
not grow with the file. Not run in CI. The database is carte_bench_imports, made anew for
each size (migrated, with the sample data's themes and networks)."""

import argparse
import csv
import json
import os
import random
import subprocess
import time
from pathlib import Path

from bench.common import PYTHON, RESULTS, ROOT, SETTINGS, setup_environment
from bench.sample_db import fresh_database

DB = "carte_bench_imports"
COMMUNES = [("Brest", "29019", "29200", -4.49, 48.39), ("Lyon", "69123", "69001", 4.84, 45.76),
            ("Lille", "59350", "59000", 3.06, 50.63), ("Marseille", "13055", "13001", 5.37, 43.30),
            ("Nantes", "44109", "44000", -1.55, 47.22), ("Rennes", "35238", "35000", -1.68, 48.11)]  # fmt: skip
THEMES = ["Communs", "Solidarité", "Transition écologique", "Tiers-lieux et fabrication", "Culture et arts", "Jardins"]


def rows(count, seed=1):
    rng = random.Random(seed)
    for n in range(1, count + 1):
        commune, insee, postal, lon, lat = rng.choice(COMMUNES)
        yield {
            "id": f"b{n}", "name": f"Initiative {n} à {commune}", "commune": commune, "insee": insee,
            "postal": postal, "lon": round(lon + rng.uniform(-0.2, 0.2), 6), "lat": round(lat + rng.uniform(-0.2, 0.2), 6),
            "themes": rng.sample(THEMES, 2), "summary": f"Une initiative numéro {n}, ouverte à toutes et à tous.",
            "website": f"https://initiative-{n}.example.org/",
        }  # fmt: skip


def write_csv(path, count):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["id", "name", "summary", "commune", "insee_code", "postal_code", "longitude", "latitude", "themes", "website"])
        for r in rows(count):
            writer.writerow([r["id"], r["name"], r["summary"], r["commune"], r["insee"], r["postal"], r["lon"], r["lat"],
                             " | ".join(r["themes"]), r["website"]])  # fmt: skip


def write_gogocarto(path, count):
    with open(path, "w", encoding="utf-8") as handle:
        handle.write('{"ontology":"gogofull","data":[')
        for i, r in enumerate(rows(count)):
            element = {
                "id": r["id"], "name": r["name"], "geo": {"latitude": r["lat"], "longitude": r["lon"]},
                "address": {"addressLocality": r["commune"], "postalCode": r["postal"]},
                "categories": r["themes"], "description": f"<p>{r['summary']}</p>", "website": r["website"],
                "email": "private",
            }  # fmt: skip
            handle.write(("," if i else "") + json.dumps(element, ensure_ascii=False))
        handle.write("]}")


def timed(env, *args, root=ROOT):
    """(seconds, peak RSS in MB, last output line) of one run of the command (of the checkout
    at `root`)."""
    started = time.perf_counter()
    process = subprocess.Popen([PYTHON, "manage.py", "import_initiatives", "--no-progress", "-v0", *args],
                               cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status:
        raise RuntimeError(output[-2000:])
    summary = next(line for line in output.splitlines() if line.startswith("Bilan"))
    return seconds, usage.ru_maxrss / 1024, summary


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="10000,100000")
    parser.add_argument("--formats", default="csv,gogocarto")
    parser.add_argument("--runs", default="dry run,apply,same file again", help="which of the three runs, in order")
    parser.add_argument("--against", metavar="CHECKOUT",
                        help="another checkout (a git worktree with .venv and .pgdata linked): the same runs with "
                             "its code, alternating with this one's, each on a fresh database")  # fmt: skip
    parser.add_argument("--rounds", type=int, default=1, help="how many times each checkout runs them")
    options = parser.parse_args(argv)
    setup_environment()
    import django

    django.setup()
    RESULTS.mkdir(exist_ok=True)
    checkouts = [ROOT] + ([Path(options.against).resolve()] if options.against else [])
    runs = [run for run in (("dry run", ["--dry-run"]), ("apply", []), ("same file again", []))
            if run[0] in options.runs.split(",")]  # fmt: skip
    lines = ["| rows | format | file MB | checkout | run | seconds | peak RSS MB | report |", "|---|---|---|---|---|---|---|---|"]
    compared = ["| rows | format | run | this checkout s | other s | ratio |", "|---|---|---|---|---|---|"]
    for count in [int(n) for n in options.rows.split(",")]:
        for fmt in options.formats.split(","):
            path = RESULTS / f"import-{count}.{'csv' if fmt == 'csv' else 'json'}"
            (write_csv if fmt == "csv" else write_gogocarto)(path, count)
            size = path.stat().st_size / 1e6
            seconds = {(checkout, run): [] for checkout in checkouts for run, _extra in runs}
            for _round in range(options.rounds):
                for checkout in checkouts:  # interleaved: the machine's noise hits both alike
                    # The command as production runs it (DEBUG off: Django keeps no text of each query).
                    env = {**fresh_database(DB, root=checkout), "DJANGO_SETTINGS_MODULE": SETTINGS}
                    for run, extra in runs:
                        took, rss, summary = timed(env, "--format", fmt, "--source", f"bench-{fmt}", *extra, str(path),
                                                   root=checkout)  # fmt: skip
                        seconds[checkout, run].append(took)
                        name = "this" if checkout == ROOT else checkout.name
                        line = f"| {count} | {fmt} | {size:.1f} | {name} | {run} | {took:.1f} | {rss:.0f} | {summary} |"
                        print(line, flush=True)
                        lines.append(line)
            if options.against:
                for run, _extra in runs:
                    ours, theirs = seconds[ROOT, run], seconds[checkouts[1], run]
                    compared.append(f"| {count} | {fmt} | {run} | {' '.join(f'{t:.1f}' for t in ours)} | "
                                    f"{' '.join(f'{t:.1f}' for t in theirs)} | {sum(theirs) / sum(ours):.2f}x |")  # fmt: skip
    if options.against:
        lines += ["", f"Against {options.against} (its seconds over this checkout's):", "", *compared]
        print("\n".join(lines[-len(compared) - 2:]))
    report = RESULTS / f"imports-{time.strftime('%Y%m%d-%H%M%S')}.md"
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"saved to {report}")


if __name__ == "__main__":
    main()
