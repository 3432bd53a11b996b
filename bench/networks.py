"""The network and territory indicators (issue 11) over HTTP, on the bench data.

    .venv/bin/python -m bench.networks [--size 100000] [--repeat 15] [--db NAME]

Uses carte_bench_<size> (made by bench.generate when needed; --db names another database
made by it), starts gunicorn like bench.run and measures, for each endpoint:

  cold  the first request after the dataset changed: the indicators are computed (the
        runner bumps the dataset version before each of these requests, as any write does);
  warm  the same request again: the indicators are remembered for this dataset version
        (still a full 200, not a 304);

with p50/p95 over --repeat requests each, and the body's size, identity and gzip.
"""

import argparse
import http.client
import json
import statistics
import time

from . import common


def percentile(values, q):
    values = sorted(values)
    k = (len(values) - 1) * q
    low, high = int(k), min(int(k) + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (k - low)


def fetch(base, path, *, encoding="identity"):
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=600)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Accept-Encoding": encoding})
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status} {body[:200]!r}")
    return elapsed * 1000, body


def bump(dbname):
    with common.connect(dbname, autocommit=True) as conn:
        conn.execute("UPDATE initiatives_dataset SET version = version + 1, changed_at = now() WHERE id = 1")


def scenarios(dbname):
    """The requests, chosen in the data: the biggest network, a median one, the top of the
    deepest chain, the most populated region and department."""
    with common.connect(dbname, autocommit=True) as conn:
        sizes = conn.execute(
            """SELECT n.slug, count(m.id) FROM initiatives_initiative n
               JOIN initiatives_membership m ON m.network_id = n.id
               WHERE n.kind = 'network' AND n.status = 'published' GROUP BY n.slug ORDER BY 2 DESC, 1"""
        ).fetchall()
        top = conn.execute(
            """SELECT n.slug FROM initiatives_initiative n
               JOIN initiatives_membership a ON a.network_id = n.id
               JOIN initiatives_initiative i1 ON i1.id = a.member_id AND i1.kind = 'network'
               JOIN initiatives_membership b ON b.network_id = i1.id
               JOIN initiatives_initiative i2 ON i2.id = b.member_id AND i2.kind = 'network'
               JOIN initiatives_membership c ON c.network_id = i2.id
               JOIN initiatives_initiative i3 ON i3.id = c.member_id AND i3.kind = 'network'
               WHERE n.status = 'published' GROUP BY n.slug ORDER BY count(*) DESC LIMIT 1"""
        ).fetchone()[0]
        region, department = (conn.execute(
            f"SELECT {column} FROM initiatives_initiative WHERE status = 'published' AND {column} <> ''"
            f" GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
            for column in ("region_code", "department_code"))  # fmt: skip
    biggest, big_n = sizes[0]
    median, median_n = sizes[len(sizes) // 2]
    return [
        (f"network detail, biggest ({big_n} members)", f"/api/v1/networks/{biggest}/"),
        (f"network detail, median ({median_n} members)", f"/api/v1/networks/{median}/"),
        ("network detail, top of a depth-3 chain", f"/api/v1/networks/{top}/"),
        (f"footprint, {big_n} members", f"/api/v1/networks/{biggest}/members/"),
        ("footprint, depth-3 chain, transitive", f"/api/v1/networks/{top}/members/?transitive=true"),
        (f"footprint on the map, {big_n} members (clusters, zoom 6)", f"/api/v1/clusters/?zoom=6&network={biggest}"),
        ("graph JSON", "/api/v1/networks/graph/"),
        ("graph GEXF", "/api/v1/networks/graph/?format=gexf"),
        (f"territory detail, region {region}", f"/api/v1/territories/region/{region}/"),
        (f"territory detail, department {department}", f"/api/v1/territories/departement/{department}/"),
        (f"territory page, region {region}", f"/territoires/region/{region}/"),
        (f"territory page, department {department}", f"/territoires/departement/{department}/"),
        ("territory list", "/api/v1/territories/"),
    ]


def page_scenarios(dbname):
    """The network pages (HTML) of the same networks: the biggest, a median one, the top of
    the deepest chain."""
    with common.connect(dbname, autocommit=True) as conn:
        sizes = conn.execute(
            """SELECT n.slug, count(m.id) FROM initiatives_initiative n
               JOIN initiatives_membership m ON m.network_id = n.id
               WHERE n.kind = 'network' AND n.status = 'published' GROUP BY n.slug ORDER BY 2 DESC, 1"""
        ).fetchall()
    (biggest, big_n), (median, median_n) = sizes[0], sizes[len(sizes) // 2]
    top = next(path for label, path in scenarios(dbname) if label == "network detail, top of a depth-3 chain")
    return [
        (f"network page, biggest ({big_n} members)", f"/initiatives/{biggest}/"),
        (f"network page, median ({median_n} members)", f"/initiatives/{median}/"),
        ("network page, top of a depth-3 chain", top.replace("/api/v1/networks/", "/initiatives/")),
    ]


def graph_scenarios(dbname):
    """The graph's other requests ("graph JSON" above is its default, the part the page draws):
    the whole graph, a theme's part (the theme with most networks) and /reseaux/ with the
    first and second pages of its table."""
    with common.connect(dbname, autocommit=True) as conn:
        theme = conn.execute(
            """SELECT t.slug FROM initiatives_theme t JOIN initiatives_initiative_themes it ON it.theme_id = t.id
               JOIN initiatives_initiative n ON n.id = it.initiative_id AND n.kind = 'network'
               GROUP BY t.slug ORDER BY count(*) DESC, t.slug LIMIT 1"""
        ).fetchone()[0]
    return [
        ("graph JSON, full=true", "/api/v1/networks/graph/?full=true"),
        (f"graph JSON, theme {theme}", f"/api/v1/networks/graph/?theme={theme}"),
        ("graph page /reseaux/", "/reseaux/"),
        ("graph page, table page 2", "/reseaux/?page=2"),
    ]


def measure(server, dbname, path, repeat):
    fetch(server.base, path)  # warm-up: connections, imports
    cold = []
    for _ in range(repeat):
        bump(dbname)
        cold.append(fetch(server.base, path)[0])
    for _ in range(4):  # both workers have computed it for this version
        fetch(server.base, path)
    warm = [fetch(server.base, path)[0] for _ in range(repeat)]
    _, body = fetch(server.base, path)
    zipped = [fetch(server.base, path, encoding="gzip") for _ in range(3)]
    gz_bytes = zipped[-1][1]
    if path.endswith("/members/") or "members/?" in path:
        placed = json.loads(body)["placed"]
        path = f"{path} ({placed} placed)"
    return {
        "cold p50": percentile(cold, 0.5), "cold p95": percentile(cold, 0.95),
        "warm p50": percentile(warm, 0.5), "warm p95": percentile(warm, 0.95),
        "gzip p50": statistics.median(t for t, _ in zipped),
        "bytes": len(body), "gzip bytes": len(gz_bytes),
    }


def kb(n):
    return f"{n / 1024:,.0f} kB" if n >= 10240 else f"{n / 1024:,.1f} kB"


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.networks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--db", help="a database made by bench.generate (default carte_bench_<size>)")
    args = parser.parse_args(argv)
    common.setup_environment()
    import django

    django.setup()
    dbname = args.db or common.ensure_dataset(args.size)
    with common.connect(dbname, autocommit=True) as conn:
        counts = conn.execute(
            """SELECT (SELECT count(*) FROM initiatives_initiative),
                      (SELECT count(*) FROM initiatives_initiative WHERE kind = 'network'),
                      (SELECT count(*) FROM initiatives_membership)"""
        ).fetchone()
    lines = [
        f"## Network indicators — {counts[0]:,} initiatives, {counts[1]:,} networks, "
        f"{counts[2]:,} memberships (database {dbname})", "",
        "| request | cold p50 | cold p95 | warm p50 | warm p95 | gzip p50 | bytes (identity / gzip) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]  # fmt: skip
    with common.Server(dbname) as server:
        for label, path in scenarios(dbname) + page_scenarios(dbname) + graph_scenarios(dbname):
            r = measure(server, dbname, path, args.repeat)
            lines.append(
                f"| {label} | {r['cold p50']:.0f} ms | {r['cold p95']:.0f} ms | {r['warm p50']:.0f} ms"
                f" | {r['warm p95']:.0f} ms | {r['gzip p50']:.0f} ms | {kb(r['bytes'])} / {kb(r['gzip bytes'])} |"
            )
            print(lines[-1], flush=True)
    lines += ["", f"{args.repeat} requests each over HTTP (gunicorn, 2 workers); cold = the dataset "
              "version bumped before each request, so the indicators are computed."]  # fmt: skip
    common.save_report("\n".join(lines) + "\n", suffix="-networks")


if __name__ == "__main__":
    main()
