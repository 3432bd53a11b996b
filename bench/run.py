"""The API benchmark: our endpoints against the drf-gis baseline and against their own SQL.

    .venv/bin/python -m bench.run [--sizes 10000,100000] [--repeat 15] [--no-map] [--loads 5]

For each size it uses the database carte_bench_<size> (made with bench.generate when it does
not hold exactly <size> bench initiatives), starts gunicorn on 127.0.0.1 with bench.settings
(2 sync workers, --preload) and measures, side by side, for each scenario:

  a  our endpoint over HTTP (Accept-Encoding: identity; a second pass with gzip for the
     compressed size and time);
  b  the drf-gis baseline over HTTP (bench/views.py: same queryset, filters and page size,
     serialized by api.serializers.InitiativeFeatureSerializer); the run asserts that it
     returns the same features, in the same order;
  c  the SQL floor: the exact SQL statement (a) runs to read its Features, captured
     in-process with CaptureQueriesContext, run by psycopg 3 directly on the same database,
     rows read and discarded (a server-side WITH HOLD cursor fetched 2,000 at a time for the
     export, as Django's chunked_cursor does).

Plus a 304 (conditional GET with the ETag), and the RSS of the gunicorn workers (read from
/proc) before and during the full export. Then the map benchmark (bench/map.py) against the
same server. The tables are printed and saved to bench/results/<timestamp>.md.
"""

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import common

RESULTS = common.RESULTS

# Boxes: minlon,minlat,maxlon,maxlat.
LYON = "4.75,45.70,4.95,45.83"
# Loiret's bounding box: ≈1,050 published initiatives at 100k (seed 1). Finistère's
# (-5.2,47.7,-3.4,48.8) holds ≈1,900 here, Brest and Quimper weigh a lot.
DEPARTMENT = "1.51,47.48,3.13,48.35"
FRANCE = "-5.5,41.0,10.0,51.5"

EXPORT_MEMORY_RUNS = 4
SLOW_REQUEST_S = 60  # (b) slower than this: measured once, reported "skipped (>60 s)"


@dataclass
class Scenario:
    key: str
    label: str
    query: str = ""  # query string shared by (a) and (b)
    ours: str = "/api/v1/initiatives/"
    baseline: str | None = "/bench/drf-gis/initiatives/"  # None: no drf-gis counterpart
    note: str = ""
    marker: str = '"_feature"'  # how to recognise, among the captured queries, the one for (c)

    @property
    def a_path(self):
        return self.ours + (f"?{self.query}" if self.query else "")

    @property
    def b_path(self):
        return self.baseline + (f"?{self.query}" if self.query else "")


SCENARIOS = [
    Scenario("city", "city bbox (Lyon)", f"bbox={LYON}&page_size=10000"),
    Scenario("department", "department bbox (Loiret)", f"bbox={DEPARTMENT}&page_size=10000"),
    Scenario("france", "France bbox, page_size=10000", f"bbox={FRANCE}&page_size=10000",
             note="the first 10,000 by id: page_size is capped at 10,000"),
    Scenario("q-town", "q=Morlaix (1st page of 1,000)", "q=Morlaix"),
    Scenario("q-common", "q=cooperative (1st page of 1,000)", "q=cooperative"),
    Scenario("export", "full export (streamed)", "", ours="/api/v1/export.geojson",
             baseline="/bench/drf-gis/export/",
             note="(b) is a ListAPIView without pagination: the whole collection in memory"),
    # What the map page asks for at bench.map's three views (1280×800 window, panel open): the
    # bbox snapped outward to the grid (js/grid.js), as bench.map reports the page's request.
    Scenario("clusters-6", "map clusters, France z=6", "zoom=6&bbox=-8.4375,39.909736,12.65625,52.48278",
             ours="/api/v1/clusters/", baseline=None, marker=" cells AS (SELECT"),
    Scenario("clusters-8", "map clusters, Brittany z=8", "zoom=8&bbox=-5.625,46.55886,-0.351562,49.61071",
             ours="/api/v1/clusters/", baseline=None, marker=" cells AS (SELECT"),
    Scenario("clusters-13", "map clusters, Lyon z=13", "zoom=13&bbox=4.75708,45.713851,4.921875,45.805829",
             ours="/api/v1/clusters/", baseline=None, marker=" cells AS (SELECT"),
]


# --------------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------------


@dataclass
class Fetch:
    status: int
    headers: dict
    size: int
    seconds: float
    ttfb: float
    body: bytes | None = None


def fetch(port, path, headers=None, *, keep=False):
    """GET over a new connection (gunicorn's sync workers close it anyway); time until the
    last byte. The body is read 1 MiB at a time and discarded unless `keep`."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=900)
    conn.request("GET", path, headers={"Host": "localhost", **(headers or {})})
    response = conn.getresponse()
    ttfb = time.perf_counter() - started
    buffer = bytearray(1 << 20)
    size, chunks = 0, []
    while n := response.readinto(buffer):
        size += n
        if keep:
            chunks.append(bytes(buffer[:n]))
    seconds = time.perf_counter() - started
    conn.close()
    return Fetch(response.status, {k.lower(): v for k, v in response.getheaders()}, size,
                 seconds, ttfb, b"".join(chunks) if keep else None)  # fmt: skip


@dataclass
class Timing:
    samples: list = field(default_factory=list)  # seconds
    skipped: bool = False  # a single request above SLOW_REQUEST_S

    def quantile(self, q):
        s = sorted(self.samples)
        if not s:
            return None
        pos = (len(s) - 1) * q
        low = int(pos)
        high = min(low + 1, len(s) - 1)
        return s[low] + (s[high] - s[low]) * (pos - low)

    @property
    def p50(self):
        return self.quantile(0.5)

    @property
    def p95(self):
        return self.quantile(0.95)


def measure(run, *, repeat, budget_s, slow_s=None, probe=None):
    """`run()` returns seconds. A first run (or the given `probe` time) warms up, discarded
    when quick; then up to `repeat` runs, fewer (at least 3, or 1 after a probe above 5 s)
    once `budget_s` is spent. A probe above `slow_s` is the only sample (`skipped`)."""
    timing = Timing()
    if probe is None:
        probe = run()
    if slow_s is not None and probe > slow_s:
        timing.samples.append(probe)
        timing.skipped = True
        return timing
    if probe > 5:  # the warm-up does not matter at that scale: keep it
        timing.samples.append(probe)
    minimum = 1 if probe > 5 else 3
    spent = sum(timing.samples)
    while len(timing.samples) < repeat:
        if len(timing.samples) >= minimum and spent + probe > budget_s:
            break
        seconds = run()
        timing.samples.append(seconds)
        spent += seconds
    return timing


class RssSampler(threading.Thread):
    """Polls VmRSS of the worker processes every `interval` seconds; keeps the peaks."""

    def __init__(self, pids, interval=0.005):
        super().__init__(daemon=True)
        self.pids, self.interval = pids, interval
        self.before = {pid: common.memory_kb(pid) for pid in pids}
        self.ticks = {pid: common.cpu_ticks(pid) for pid in pids}
        self.peak = {pid: self.before[pid].get("VmRSS", 0) for pid in pids}
        self._stop_event = threading.Event()

    def run(self):
        while not self._stop_event.is_set():
            for pid in self.pids:
                rss = common.memory_kb(pid).get("VmRSS", 0)
                if rss > self.peak[pid]:
                    self.peak[pid] = rss
            time.sleep(self.interval)

    def stop(self):
        self._stop_event.set()
        self.join()
        self.after = {pid: common.memory_kb(pid) for pid in self.pids}
        # The worker that served: the one that used the most CPU meanwhile.
        pid = max(self.pids, key=lambda p: common.cpu_ticks(p) - self.ticks[p])
        return {
            "pid": pid,
            "rss_before": self.before[pid].get("VmRSS", 0),
            "rss_peak": self.peak[pid],
            "hwm_before": self.before[pid].get("VmHWM", 0),
            "hwm_after": self.after[pid].get("VmHWM", 0),
        }


def feature_ids(body):
    return [f.get("id") for f in json.loads(body)["features"]]


# --------------------------------------------------------------------------------------------
# The SQL floor (c)
# --------------------------------------------------------------------------------------------

DECLARE = re.compile(r'^\s*DECLARE\s+"?[\w]+"?\s+.*?CURSOR\s+(?:WITH(?:OUT)?\s+HOLD\s+)?FOR\s+', re.S | re.I)


def django_setup(first_db):
    os.environ["LOCAL_DB_NAME"] = first_db
    import django

    django.setup()


def use_database(dbname):
    from django.db import connections

    conn = connections["default"]
    conn.close()
    conn.settings_dict["NAME"] = dbname


def capture_sql(dbname, scenarios, conditional_path):
    """In-process (Django test client, bench.settings): the SQL each scenario runs to read
    its Features, exactly as sent (Django's psycopg cursors bind parameters client-side),
    and what a 304 runs."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    use_database(dbname)
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_ENCODING="identity")
    out = {}
    for scenario in scenarios:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(scenario.a_path)
            if response.streaming:
                for _ in response.streaming_content:
                    pass
            response.close()
        assert response.status_code == 200, (scenario.a_path, response.status_code)
        feature_queries = [q["sql"] for q in ctx.captured_queries if scenario.marker in q["sql"]]
        if len(feature_queries) != 1:
            raise RuntimeError(f"{scenario.a_path}: expected one Feature query, got {len(feature_queries)}")
        sql = feature_queries[0]
        streamed = bool(DECLARE.match(sql))
        out[scenario.key] = (DECLARE.sub("", sql, count=1), streamed or response.streaming)

    first = client.get(conditional_path)
    with CaptureQueriesContext(connection) as ctx:
        second = client.get(conditional_path, HTTP_IF_NONE_MATCH=first["ETag"])
    conditional = {
        "status": second.status_code,
        "queries": len(ctx.captured_queries),
        "touches_initiatives": any("initiatives_initiative" in q["sql"] for q in ctx.captured_queries),
    }
    connection.close()
    return out, conditional


def inprocess_runner(dbname):
    """Our endpoint without HTTP: Django's test client in this process (same settings, same
    database), the body read and discarded — to split (a) into server/HTTP and Django."""
    from django.test import Client

    use_database(dbname)
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_ENCODING="identity")

    def run(path):
        started = time.perf_counter()
        response = client.get(path)
        if response.streaming:
            for _ in response.streaming_content:
                pass
        else:
            response.content  # noqa: B018
        response.close()
        return time.perf_counter() - started

    return run


TUNED_SQL = ("SET max_parallel_workers_per_gather = 0", "SET jit = off")


def sql_runner(dbname, *, tuned=False):
    """A bare psycopg 3 connection opened with Django's own connection parameters (so the
    same session settings, e.g. the `options` of DATABASES) and time zone, in autocommit with
    a ClientCursor as Django uses; text values stay bytes.
    `tuned`: without parallel plans and JIT (a diagnostic: what they cost these queries)."""
    import psycopg
    from django.db import connection
    from psycopg.adapt import Loader

    class RawLoader(Loader):
        def load(self, data):
            return bytes(data)

    use_database(dbname)
    params = connection.get_connection_params()
    params.pop("context", None)  # Django's adapters: not needed to read text
    params["cursor_factory"] = psycopg.ClientCursor  # the literal statement, as Django sends it
    conn = psycopg.connect(**params, autocommit=True)
    conn.adapters.register_loader("text", RawLoader)
    conn.execute("SET TIME ZONE 'UTC'")  # what Django does on connecting (USE_TZ)
    if tuned:
        for statement in TUNED_SQL:
            conn.execute(statement)
    run_settings = conn.execute(
        "SELECT current_setting('max_parallel_workers_per_gather'), current_setting('jit')"
    ).fetchone()

    def run(sql, streamed):
        started = time.perf_counter()
        size = 0
        if streamed:
            with psycopg.ServerCursor(conn, "bench_floor", scrollable=False, withhold=True) as cur:
                cur.execute(sql)
                while rows := cur.fetchmany(2000):
                    size += sum(len(r[0]) for r in rows)
        else:
            with conn.cursor() as cur:
                cur.execute(sql)
                size = sum(len(r[0]) for r in cur.fetchall())
        run.size = size
        return time.perf_counter() - started

    run.settings = {"max_parallel_workers_per_gather": run_settings[0], "jit": run_settings[1]}
    return conn, run


# --------------------------------------------------------------------------------------------
# One size
# --------------------------------------------------------------------------------------------


def bench_size(size, args):
    dbname = common.ensure_dataset(size)
    print(f"\n## {size:,} initiatives ({dbname})", flush=True)
    department = next(s for s in SCENARIOS if s.key == "department")
    sqls, conditional = capture_sql(dbname, SCENARIOS, department.a_path)
    result = {"size": size, "dbname": dbname, "rows": [], "conditional": conditional, "load": [loadavg()]}
    floor_conn, floor = sql_runner(dbname, tuned=args.tuned_sql)
    tuned_conn, tuned_floor = sql_runner(dbname, tuned=True)
    result["floor_settings"] = floor.settings
    inprocess = inprocess_runner(dbname)
    with floor_conn.cursor() as cur:
        result["published"] = cur.execute(
            "SELECT count(*) FROM initiatives_initiative WHERE status = 'published'"
        ).fetchone()[0]

    with common.production_static() as static_root, common.Server(dbname, static_root=static_root) as server:
        port = server.port
        workers = server.worker_pids()
        warm_up(port, workers)
        # Export memory first, before anything big (drf-gis) has grown a worker: a few
        # exports in a row, so that both workers serve one and one serves a second.
        export = next(s for s in SCENARIOS if s.key == "export")
        result["export_memory"] = []
        seen = set()
        for _ in range(EXPORT_MEMORY_RUNS):
            sampler = RssSampler(workers)
            sampler.start()
            got = fetch(port, export.a_path, {"Accept-Encoding": "identity"})
            run = {**sampler.stop(), "ttfb": got.ttfb, "seconds": got.seconds, "bytes": got.size}
            run["first_on_worker"] = run["pid"] not in seen
            seen.add(run["pid"])
            result["export_memory"].append(run)
            print(f"export memory: {run}", flush=True)

        for scenario in SCENARIOS:
            row = {"scenario": scenario}
            # (a) identity: keep one body to count the Features.
            first = fetch(port, scenario.a_path, {"Accept-Encoding": "identity"}, keep=True)
            assert first.status == 200, (scenario.a_path, first.status)
            a_ids = feature_ids(first.body)
            row["features"] = len(a_ids)
            row["bytes"] = first.size
            row["etag"] = first.headers.get("etag")
            del first
            row["a"] = measure(
                lambda: fetch(port, scenario.a_path, {"Accept-Encoding": "identity"}).seconds,
                repeat=args.repeat, budget_s=args.budget,
            )  # fmt: skip
            gz = fetch(port, scenario.a_path, {"Accept-Encoding": "gzip"})
            assert gz.headers.get("content-encoding") == "gzip", gz.headers
            row["gzip_bytes"] = gz.size
            row["a_gzip"] = measure(
                lambda: fetch(port, scenario.a_path, {"Accept-Encoding": "gzip"}).seconds,
                repeat=args.repeat, budget_s=args.budget,
            )  # fmt: skip
            row["a_inproc"] = measure(
                lambda: inprocess(scenario.a_path), repeat=args.repeat, budget_s=args.budget
            )
            # (c) the SQL floor.
            sql, streamed = sqls[scenario.key]
            row["c"] = measure(lambda: floor(sql, streamed), repeat=args.repeat, budget_s=args.budget)
            row["c_bytes"] = floor.size
            row["c_tuned"] = measure(lambda: tuned_floor(sql, streamed), repeat=args.repeat, budget_s=args.budget)
            # (b) the drf-gis baseline, last: it grows the worker's memory.
            if not args.no_baseline and scenario.baseline:
                sampler = RssSampler(workers) if scenario.key == "export" else None
                if sampler:
                    sampler.start()
                b_first = fetch(port, scenario.b_path, {"Accept-Encoding": "identity"}, keep=True)
                if sampler:
                    row["b_memory"] = sampler.stop()
                assert b_first.status == 200, (scenario.b_path, b_first.status)
                b_ids = feature_ids(b_first.body)
                row["b_bytes"], b_seconds = b_first.size, b_first.seconds
                del b_first
                if len(b_ids) != len(a_ids):
                    raise AssertionError(
                        f"{scenario.key}: (a) returned {len(a_ids)} features, (b) {len(b_ids)}"
                    )
                if b_ids != a_ids:
                    raise AssertionError(f"{scenario.key}: (a) and (b) return different features or order")
                # The check above was the first request: it is the probe of the measurement.
                row["b"] = measure(
                    lambda: fetch(port, scenario.b_path, {"Accept-Encoding": "identity"}).seconds,
                    repeat=args.repeat, budget_s=args.budget, slow_s=SLOW_REQUEST_S, probe=b_seconds,
                )  # fmt: skip
            result["rows"].append(row)
            print(progress_line(row), flush=True)

        # 304: the conditional GET of the department view with its ETag.
        etag = next(r["etag"] for r in result["rows"] if r["scenario"].key == "department")
        def run_304():
            got = fetch(port, department.a_path, {"Accept-Encoding": "identity", "If-None-Match": etag})
            assert got.status == 304, got.status
            return got.seconds

        result["not_modified"] = measure(run_304, repeat=max(args.repeat, 30), budget_s=args.budget)

        # What a − c is made of: the department page's bytes from a view that does nothing.
        dep_row = next(r for r in result["rows"] if r["scenario"].key == "department")
        result["http_floor"] = measure(
            lambda: fetch(port, f"/bench/bytes/{dep_row['bytes']}/", {"Accept-Encoding": "identity"}).seconds,
            repeat=max(args.repeat, 30), budget_s=args.budget,
        )  # fmt: skip

        if not args.no_map:
            from . import map as map_bench

            result["map"] = map_bench.measure_views([server.base], loads=args.loads)[server.base]
            print(map_bench.table(result["map"]), flush=True)
    floor_conn.close()
    tuned_conn.close()
    result["load"].append(loadavg())
    return result


def warm_up(port, workers, rounds=8):
    """Both workers serve requests (two at a time: one worker alone would take them all)
    of every kind, so first-request costs (imports, connection, templates) are paid."""
    from concurrent.futures import ThreadPoolExecutor

    paths = [s.a_path for s in SCENARIOS if s.key != "export" and s.key != "france"] + ["/"]
    ticks = {pid: common.cpu_ticks(pid) for pid in workers}
    with ThreadPoolExecutor(2) as pool:
        for _ in range(rounds):
            for path in paths:
                list(pool.map(lambda p: fetch(port, p, {"Accept-Encoding": "identity"}), [path, path]))
    idle = [pid for pid in workers if common.cpu_ticks(pid) == ticks[pid]]
    if idle:
        print(f"note: worker(s) {idle} served no warm-up request", flush=True)


def loadavg():
    """The 1-minute load average: the machine is shared, other work skews the numbers."""
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError):
        return None


# --------------------------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------------------------


def ms(seconds):
    if seconds is None:
        return "–"
    value = seconds * 1000
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def human_bytes(n):
    if n is None:
        return "–"
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.0f} kB"
    return f"{n} B"


def ratio(x, y, digits=1):
    if x is None or y is None or y == 0:
        return "–"
    return f"{x / y:.{digits}f}×"


def b_cell(timing, which, scenario=None):
    if timing is None:
        return "n/a" if scenario is not None and scenario.baseline is None else "not run"
    if timing.skipped:
        return f"skipped (>60 s): {timing.samples[0]:.0f} s once" if which == "p50" else "–"
    value = timing.p50 if which == "p50" else timing.p95
    suffix = f" (n={len(timing.samples)})" if which == "p50" and len(timing.samples) < 15 else ""
    return ms(value) + suffix


def progress_line(row):
    b = row.get("b")
    return (f"  {row['scenario'].key:<11} {row['features']:>7} features "
            f"a p50 {ms(row['a'].p50)} ms, c p50 {ms(row['c'].p50)} ms, "
            f"b p50 {b_cell(b, 'p50') if b else '–'} ms")  # fmt: skip


def api_table(result):
    lines = [
        "| scenario | features | bytes (identity / gzip) | a p50 | a p95 | a gzip p50 | a in-process p50 "
        "| b p50 | b p95 | c p50 | c p95 | c tuned p50 | a/c | b/a |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result["rows"]:
        a, c, b = row["a"], row["c"], row.get("b")
        b50 = b.samples[0] if b is not None and b.skipped else (b.p50 if b else None)
        lines.append(
            f"| {row['scenario'].label} | {row['features']:,} "
            f"| {human_bytes(row['bytes'])} / {human_bytes(row['gzip_bytes'])} "
            f"| {ms(a.p50)} | {ms(a.p95)} | {ms(row['a_gzip'].p50)} | {ms(row['a_inproc'].p50)} "
            f"| {b_cell(b, 'p50', row['scenario'])} | {b_cell(b, 'p95', row['scenario'])} "
            f"| {ms(c.p50)} | {ms(c.p95)} | {ms(row['c_tuned'].p50)} | {ratio(a.p50, c.p50, 2)} | {ratio(b50, a.p50)} |"
        )
    return "\n".join(lines)


def extras(result):
    runs = result["export_memory"]
    mem = runs[0]
    nm = result["not_modified"]
    cond = result["conditional"]
    export_row = next(r for r in result["rows"] if r["scenario"].key == "export")
    dep = next(r for r in result["rows"] if r["scenario"].key == "department")
    floor = result["http_floor"].p50
    lines = [
        f"- Department view, a − c = {ms(dep['a'].p50 - dep['c'].p50)} ms: the same {human_bytes(dep['bytes'])} "
        f"from a Django view that does nothing else (`/bench/bytes/<n>/`, gunicorn + middleware, no query) "
        f"take {ms(floor)} ms (p50, n={len(result['http_floor'].samples)}); the rest, "
        f"{ms(dep['a'].p50 - dep['c'].p50 - floor)} ms, is the endpoint's own work besides its SQL "
        f"(dataset version, filters, SQL compilation, joining the page, headers).",
        f"- 304 (If-None-Match, department URL): p50 {ms(nm.p50)} ms, p95 {ms(nm.p95)} ms "
        f"(n={len(nm.samples)}); in-process it runs {cond['queries']} query"
        f"{'' if cond['queries'] == 1 else 'ies'}, "
        f"{'touching' if cond['touches_initiatives'] else 'none touching'} initiatives_initiative.",
        f"- Export memory ({export_row['features']:,} features, {human_bytes(mem['bytes'])}; "
        f"{len(runs)} exports in a row before any drf-gis request; serving worker's RSS before → peak "
        f"during, VmHWM after): "
        + "; ".join(
            f"#{i} worker {r['pid']} {r['rss_before'] / 1024:.0f} → {r['rss_peak'] / 1024:.0f} MiB "
            f"(+{(r['rss_peak'] - r['rss_before']) / 1024:.1f}{', its first export' if r['first_on_worker'] else ''}), "
            f"HWM {r['hwm_after'] / 1024:.0f} MiB, last byte after {ms(r['seconds'])} ms"
            for i, r in enumerate(runs, 1)
        ) + ".",
    ]
    if bm := export_row.get("b_memory"):
        lines.append(
            f"- For contrast, the drf-gis export (measured last): its worker peaks at {bm['rss_peak'] / 1024:,.0f} MiB "
            f"RSS ({bm['rss_before'] / 1024:,.0f} MiB before it, after the other drf-gis requests)."
        )
    for row in result["rows"]:
        if row["scenario"].note:
            lines.append(f"- {row['scenario'].label}: {row['scenario'].note}.")
    return "\n".join(lines)


def targets(results):
    """The README's API targets, checked on the largest size."""
    result = max(results, key=lambda r: r["size"])
    out = []
    dep = next(r for r in result["rows"] if r["scenario"].key == "department")
    a, c, b = dep["a"].p50, dep["c"].p50, dep.get("b")
    ac = a / c
    out.append(f"- department view at {result['size']:,} ({dep['features']:,} features): a/c = {ac:.2f}× "
               f"(target ≤ 1.5×) {'✅' if ac <= 1.5 else '❌'}")  # fmt: skip
    if b is not None:
        ba = (b.samples[0] if b.skipped else b.p50) / a
        out.append(f"- department view: b/a = {ba:.0f}× (target ≥ 30×) {'✅' if ba >= 30 else '❌'}")
    deltas = {
        r["size"]: [(m["rss_peak"] - m["rss_before"]) / 1024 for m in r["export_memory"]] for r in results
    }
    flat = all(d < 64 for ds in deltas.values() for d in ds)
    out.append(
        "- export memory, worker RSS peak − before (per export): "
        + "; ".join(f"{s:,}: " + ", ".join(f"+{d:.0f}" for d in ds) + " MiB" for s, ds in deltas.items())
        + f" {'✅ flat' if flat else '❌ grows'} (target: within a few tens of MiB at both sizes)"
    )
    cond = result["conditional"]
    ok = cond["status"] == 304 and not cond["touches_initiatives"]
    out.append(f"- 304 without touching features: {cond['queries']} query, "
               f"initiatives_initiative {'touched ❌' if cond['touches_initiatives'] else 'untouched ✅' if ok else '❌'}")  # fmt: skip
    if "map" in result:
        from . import map as map_bench

        out.extend(map_bench.targets(result["map"], result["size"]))
    return "\n".join(out)


def environment(args):
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = []
    try:
        with common.connect("postgres", autocommit=True) as conn:
            versions.append(conn.execute("SHOW server_version").fetchone()[0])
    except Exception:  # noqa: BLE001
        pass
    import django
    import rest_framework
    import rest_framework_gis

    return (
        f"{os.cpu_count()} CPU ({cpu}), Python {platform.python_version()}, Django {django.get_version()}, "
        f"DRF {rest_framework.VERSION}, drf-gis {rest_framework_gis.get_version()}, "
        f"PostgreSQL {versions[0] if versions else '?'}; gunicorn 2 sync workers (--preload), "
        f"client on the same machine."
    )


def report(results, args, command, elapsed):
    parts = [
        f"# Benchmark {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}",
        "",
        f"`{command}` — {elapsed / 60:.1f} min. {environment(args)}",
        "",
        "Times in ms, p50/p95 over the samples (n = repeat unless noted). a = our endpoint over HTTP, "
        "b = drf-gis baseline over HTTP, c = the same SQL through bare psycopg 3 (c tuned: on a connection "
        "with max_parallel_workers_per_gather = 0 and jit = off). Bytes in kB/MB (10³/10⁶).",
        *(["", "**Diagnostic run (--tuned-sql): every connection with max_parallel_workers_per_gather = 0"
                " and jit = off.**"] if args.tuned_sql else []),
    ]
    for result in results:
        parts += [
            "",
            f"## {result['size']:,} initiatives ({result['published']:,} published) — `{result['dbname']}`",
            "",
            f"Load average (1 min) at start / end: {result['load'][0]} / {result['load'][-1]} "
            f"(on {os.cpu_count()} CPUs; the client, gunicorn and PostgreSQL share them). "
            f"Session settings of the endpoint's connection, and so of (c): "
            + ", ".join(f"{k} = {v}" for k, v in result["floor_settings"].items()) + ".",
            "",
            api_table(result),
            "",
            extras(result),
        ]
        if "map" in result:
            from . import map as map_bench

            parts += ["", "### Map", "", map_bench.table(result["map"])]
    parts += ["", "## Targets", "", targets(results), ""]
    return "\n".join(parts)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000",
                        help="comma-separated dataset sizes (databases carte_bench_<size>)")
    parser.add_argument("--repeat", type=int, default=15, help="timed requests per measurement")
    parser.add_argument("--budget", type=float, default=30,
                        help="seconds after which a slow measurement stops (with at least 3 samples)")
    parser.add_argument("--no-baseline", action="store_true", help="skip (b), the drf-gis baseline")
    parser.add_argument("--no-map", action="store_true", help="skip the map benchmark (bench/map.py)")
    parser.add_argument("--tuned-sql", action="store_true",
                        help="diagnostic: every connection (server, in-process, floor) runs with"
                             " max_parallel_workers_per_gather = 0 and jit = off")  # fmt: skip
    parser.add_argument("--loads", type=int, default=5, help="page loads per map view")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    command = "python -m bench.run " + " ".join(argv if argv is not None else sys.argv[1:])

    started = time.perf_counter()
    common.setup_environment()
    if args.tuned_sql:
        os.environ["BENCH_TUNED_SQL"] = "1"  # read by bench.settings, here and in gunicorn
    RESULTS.mkdir(exist_ok=True)
    dbnames = [common.ensure_dataset(size) for size in sizes]
    django_setup(dbnames[0])
    results = [bench_size(size, args) for size in sizes]
    common.save_report(report(results, args, command.strip(), time.perf_counter() - started))
    return 0


if __name__ == "__main__":
    sys.exit(main())
