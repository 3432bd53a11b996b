"""The targets of the 1M work (issue 13) in one interleaved run, 100k beside 1M.

    .venv/bin/python -m bench.scale --sizes 100000,1000000 --repeat 15

Same databases (carte_bench_<size>, made by bench.generate when needed) and gunicorn as
bench.run. Over HTTP, a new connection per request until the last byte, one request of each
kind in turn (`repeat` rounds after a discarded warm-up round, which also builds the map's
cells), so that a change of load on the shared machine weighs on every column alike:

- the map's clusters at the three views of bench.map (France z=6, Brittany z=8, Lyon z=13);
- a 1,000-Feature bbox page (Loiret), identity and gzip (target: gzip within 1.3×), and the
  same page from /ogc/…/items (target: within 1.2× of the API's);
- `q=cooperative` (a word ~70 % of rows match) and `q=Morlaix` (a town), the first page;
- vector tiles at z=6 (Paris), z=10 and z=14 (Lyon); the z=14 one also with an empty filter,
  which the server never keeps: what a tile costs to build after each write.

Beside each wall time, the mean CPU time of the request (the server's processes plus the
PostgreSQL cluster's, bench.common.CpuMeter): on a shared, loaded machine the wall times
stretch, the CPU times much less — compare those. Nothing else should use the cluster meanwhile.

Optional columns (when bench/peers/.venv exists: `python -m bench.peers --setup`; --no-peers
leaves them out): the same 1,000-initiative page from tipg and from pygeoapi (bench/peers.py)
on the same database, identity and gzip, interleaved with ours in every round, and how many
times slower than ours they are (target: ≥ 5×)."""

import argparse
import contextlib
import sys
import time

from . import common, peers
from .gis import LYON, PARIS, tile_path
from .run import DEPARTMENT, SCENARIOS, Timing, fetch, human_bytes, loadavg, ms

CLUSTERS = {s.key: f"{s.ours}?{s.query}" for s in SCENARIOS if s.key.startswith("clusters")}
IDENTITY, GZIP = {"Accept-Encoding": "identity"}, {"Accept-Encoding": "gzip"}
REQUESTS = [
    ("clusters-6", "clusters, France z=6", CLUSTERS["clusters-6"], IDENTITY, 150),
    ("clusters-8", "clusters, Brittany z=8", CLUSTERS["clusters-8"], IDENTITY, 100),
    ("clusters-13", "clusters, Lyon z=13", CLUSTERS["clusters-13"], IDENTITY, 100),
    ("page", "bbox page of 1,000 (Loiret)", f"/api/v1/initiatives/?bbox={DEPARTMENT}&page_size=1000", IDENTITY, 30),
    ("page-gzip", "the same, gzip", f"/api/v1/initiatives/?bbox={DEPARTMENT}&page_size=1000", GZIP, None),
    ("ogc", "the same from OGC API items", f"/ogc/collections/initiatives/items?bbox={DEPARTMENT}&limit=1000",
     IDENTITY, None),
    ("q-common", "q=cooperative, 1st page", "/api/v1/initiatives/?q=cooperative", IDENTITY, 150),
    ("q-town", "q=Morlaix, 1st page", "/api/v1/initiatives/?q=Morlaix", IDENTITY, None),
    ("tile-6", "tile z=6 (Paris)", tile_path(*PARIS, 6), IDENTITY, 50),
    ("tile-10", "tile z=10 (Lyon)", tile_path(*LYON, 10), IDENTITY, 50),
    ("tile-14", "tile z=14 (Lyon), kept per version", tile_path(*LYON, 14), IDENTITY, 50),
    # An empty filter: every published initiative, as above, but never kept — built each time.
    ("tile-14-built", "the same tile, built (?kind=)", tile_path(*LYON, 14) + "?kind=", IDENTITY, 50),
]  # fmt: skip


PEER_ROWS = {"page": IDENTITY, "page-gzip": GZIP}  # the rows the peers answer too


def bench_size(size, repeat, *, with_peers):
    dbname = common.ensure_dataset(size)
    print(f"\n## {size:,} initiatives ({dbname})", flush=True)
    result = {"size": size, "load": [loadavg()], "rows": {key: Timing() for key, *_ in REQUESTS}, "bytes": {},
              "peers": {}}  # fmt: skip
    cpu = result["cpu"] = {}  # CPU seconds summed over the measured rounds, by row
    with contextlib.ExitStack() as stack:
        server = stack.enter_context(common.Server(dbname))
        running = [stack.enter_context(peer(dbname)) for peer in (peers.PEERS if with_peers else ())]
        meters = {None: common.CpuMeter(server.process.pid),
                  **{peer.name: common.CpuMeter(peer.process.pid) for peer in running}}  # fmt: skip

        def measured(name, key, port, path, headers, timing, round_):
            before = meters[name]()
            got = fetch(port, path, headers)
            spent = meters[name]() - before
            assert got.status == 200, (name or "ours", path, got.status)
            if round_:
                timing.samples.append(got.seconds)
                cpu[name, key] = cpu.get((name, key), 0.0) + spent
            else:
                result["bytes"][key if name is None else (name, key)] = got.size

        for round_ in range(repeat + 1):
            for key, _label, path, headers, _target in REQUESTS:
                measured(None, key, server.port, path, headers, result["rows"][key], round_)
                if key not in PEER_ROWS:
                    continue
                for peer in running:  # right after ours: the same load weighs on both
                    timing = result["peers"].setdefault((peer.name, key), Timing())
                    measured(peer.name, key, peer.port, peer.items(DEPARTMENT, 1000), headers, timing, round_)
    result["repeat"] = repeat
    result["load"].append(loadavg())
    return result


def table(results):
    sizes = [r["size"] for r in results]
    lines = [
        "| request | target ms | " + " | ".join(f"{s:,}: p50 / p95 ms (bytes) | CPU ms" for s in sizes) + " |",
        "|---|---:|" + "---:|---:|" * len(sizes),
    ]
    for key, label, path, _headers, target in REQUESTS:
        cells = []
        for r in results:
            t = r["rows"][key]
            mark = "" if target is None else (" ✅" if t.p50 * 1000 <= target else " ❌")
            cells.append(f"{ms(t.p50)} / {ms(t.p95)} ({human_bytes(r['bytes'][key])}){mark} | {cpu_ms(r, None, key)}")
        lines.append(f"| {label} | {target or ''} | " + " | ".join(cells) + " |")
    ratios = ", ".join(
        f"{r['size']:,}: {r['rows']['page-gzip'].p50 / r['rows']['page'].p50:.2f}×" for r in results
    )
    ogc = ", ".join(f"{r['size']:,}: {r['rows']['ogc'].p50 / r['rows']['page'].p50:.2f}×" for r in results)
    loads = ", ".join(f"{r['size']:,}: {r['load'][0]} → {r['load'][-1]}" for r in results)
    lines += ["", "CPU ms: the mean CPU time of a request, gunicorn's processes plus PostgreSQL's (bench.common."
              "CpuMeter) — what a loaded machine does not inflate, unlike the wall times.",
              "", f"gzip / identity, 1,000-Feature page, p50 (target ≤ 1.3×): {ratios}",
              f"OGC API items / GeoJSON API, 1,000-Feature page, p50 (target ≤ 1.2×): {ogc}",
              f"load average (1 min) at start → end: {loads}"]  # fmt: skip
    if any(r["peers"] for r in results):
        lines += ["", peers_table(results)]
    return "\n".join(lines)


def cpu_ms(result, name, key):
    return f"{result['cpu'][name, key] / result['repeat'] * 1000:.1f}" if result["repeat"] else ""


def peers_table(results):
    """The peers' p50 beside ours, and how many times slower they are (target ≥ 5×)."""
    lines = ["| 1,000-initiative page (Loiret): p50 ms (bytes) / CPU ms | size | ours | "
             + " | ".join(f"{p.name} (× ours)" for p in peers.PEERS) + " |",
             "|---|---:|---:|" + "---:|" * len(peers.PEERS)]  # fmt: skip
    for key, headers in PEER_ROWS.items():
        for r in results:
            ours = r["rows"][key].p50
            cells = []
            for peer in peers.PEERS:
                timing = r["peers"].get((peer.name, key))
                if timing is None:
                    cells.append("")
                    continue
                times = timing.p50 / ours
                mark = " ✅" if times >= 5 else " ❌"
                cpu_times = r["cpu"][peer.name, key] / max(r["cpu"][None, key], 1e-9)
                cells.append(f"{ms(timing.p50)} ({human_bytes(r['bytes'][(peer.name, key)])}) {times:.1f}×{mark}"
                             f" / CPU {cpu_ms(r, peer.name, key)} ms, {cpu_times:.1f}×")  # fmt: skip
            lines.append(f"| {headers['Accept-Encoding']} | {r['size']:,} | {ms(ours)} ({human_bytes(r['bytes'][key])})"
                         f" / CPU {cpu_ms(r, None, key)} ms | " + " | ".join(cells) + " |")  # fmt: skip
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated dataset sizes")
    parser.add_argument("--repeat", type=int, default=15, help="interleaved rounds")
    parser.add_argument("--no-peers", action="store_true", help="leave out the tipg and pygeoapi columns")
    args = parser.parse_args(argv)
    common.setup_environment()
    with_peers = not args.no_peers and peers.available()
    if not args.no_peers and not with_peers:
        print("note: no peers' columns (tipg, pygeoapi): python -m bench.peers --setup")
    started = time.perf_counter()
    results = [bench_size(int(s.replace("_", "")), args.repeat, with_peers=with_peers)
               for s in args.sizes.split(",") if s.strip()]  # fmt: skip
    command = "python -m bench.scale " + " ".join(argv if argv is not None else sys.argv[1:])
    text = (f"# Scale targets {time.strftime('%Y-%m-%d %H:%M')}\n\n`{command.strip()}` — "
            f"{(time.perf_counter() - started) / 60:.1f} min\n\n{table(results)}\n")  # fmt: skip
    print(text)
    common.save_report(text, suffix="-scale")
    return 0


if __name__ == "__main__":
    sys.exit(main())
