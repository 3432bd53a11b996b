"""The GIS interfaces against the GeoJSON API: OGC API – Features items and vector tiles.

    .venv/bin/python -m bench.gis [--sizes 100000] [--repeat 15]

For each size (database carte_bench_<size>, made by bench.generate when needed) it starts the
same gunicorn as bench.run and measures over HTTP (a new connection per request, identity
encoding, until the last byte):

- the department view (Loiret's bbox) as a 1,000-Feature page of /ogc/…/items and of
  /api/v1/initiatives/ — the run asserts that both return the same Features in the same order;
- one vector tile at z=6 (Paris, clusters), z=10 and z=14 (Lyon; initiatives from z=12), and
  for contrast the map's /api/v1/clusters/ on the z=6 tile's box.

Requests are interleaved — one of each in turn, `repeat` rounds after a discarded warm-up
round — so that a change of load on the shared machine weighs on every column alike."""

import argparse
import json
import math
import sys
import time

import mapbox_vector_tile

from . import common
from .run import DEPARTMENT, Timing, fetch, loadavg, ms, human_bytes, ratio

PARIS, LYON = (2.3522, 48.8566), (4.8357, 45.7640)


def tile_path(lon, lat, z):
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return f"/tiles/{z}/{x}/{y}.mvt"


REQUESTS = [
    ("ogc", "OGC items, department, limit=1000",
     f"/ogc/collections/initiatives/items?bbox={DEPARTMENT}&limit=1000"),
    ("api", "GeoJSON API, department, page_size=1000", f"/api/v1/initiatives/?bbox={DEPARTMENT}&page_size=1000"),
    ("tile-6", "tile z=6 (Paris; clusters)", tile_path(*PARIS, 6)),
    # The same box through the map's clusters endpoint: what reading those rows costs anyway.
    ("clusters-6", "API clusters z=6, the same box", "/api/v1/clusters/?zoom=6&bbox=0,45.0890,5.6250,48.9225"),
    ("tile-10", "tile z=10 (Lyon; clusters)", tile_path(*LYON, 10)),
    ("tile-14", "tile z=14 (Lyon; initiatives)", tile_path(*LYON, 14)),
]  # fmt: skip


def describe(key, body):
    """What a response holds: its Feature ids (GeoJSON), or its tile layers' sizes."""
    if key.startswith("clusters"):
        return {"clusters": len(json.loads(body)["features"])}
    if key.startswith("tile"):
        layers = mapbox_vector_tile.decode(body)
        return {name: len(layer["features"]) for name, layer in layers.items()}
    return [f["id"] for f in json.loads(body)["features"]]


def bench_size(size, repeat):
    dbname = common.ensure_dataset(size)
    print(f"\n## {size:,} initiatives ({dbname})", flush=True)
    result = {"size": size, "load": [loadavg()], "rows": {}}
    with common.Server(dbname) as server:
        port = server.port
        for key, _label, path in REQUESTS:
            got = fetch(port, path, {"Accept-Encoding": "identity"}, keep=True)
            assert got.status == 200, (path, got.status)
            result["rows"][key] = {"bytes": got.size, "content": describe(key, got.body), "timing": Timing()}
        ogc, api = result["rows"]["ogc"]["content"], result["rows"]["api"]["content"]
        assert ogc == api, f"OGC items and the API differ: {len(ogc)} vs {len(api)} Features, or their order"
        for round_ in range(repeat + 1):
            for key, _label, path in REQUESTS:
                seconds = fetch(port, path, {"Accept-Encoding": "identity"}).seconds
                if round_:  # the first round warms up
                    result["rows"][key]["timing"].samples.append(seconds)
    result["load"].append(loadavg())
    return result


def table(result):
    rows = result["rows"]
    lines = [
        f"## {result['size']:,} initiatives — load average (1 min) at start / end: "
        f"{result['load'][0]} / {result['load'][-1]}",
        "",
        "| request | content | bytes | p50 ms | p95 ms |",
        "|---|---|---:|---:|---:|",
    ]
    for key, label, path in REQUESTS:
        row = rows[key]
        content = row["content"]
        what = (", ".join(f"{n} {layer}" for layer, n in content.items()) or "empty") if isinstance(content, dict) \
            else f"{len(content):,} Features"
        lines.append(f"| {label} (`{path}`) | {what} | {human_bytes(row['bytes'])} "
                     f"| {ms(row['timing'].p50)} | {ms(row['timing'].p95)} |")  # fmt: skip
    ogc, api = rows["ogc"]["timing"].p50, rows["api"]["timing"].p50
    lines += ["", f"OGC items / GeoJSON API, p50: {ratio(ogc, api, 2)} (target ≤ 1.2×) "
                  f"{'✅' if ogc <= 1.2 * api else '❌'}; tiles p50 ≤ 50 ms: "
                  + ", ".join(f"{k} {'✅' if rows[k]['timing'].p50 <= 0.05 else '❌'}" for k in ("tile-6", "tile-10", "tile-14"))]  # fmt: skip
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.gis", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000", help="comma-separated dataset sizes")
    parser.add_argument("--repeat", type=int, default=15, help="interleaved rounds")
    args = parser.parse_args(argv)
    common.setup_environment()
    started = time.perf_counter()
    results = [bench_size(int(s.replace("_", "")), args.repeat) for s in args.sizes.split(",") if s.strip()]
    command = "python -m bench.gis " + " ".join(argv if argv is not None else sys.argv[1:])
    header = (f"# GIS interfaces {time.strftime('%Y-%m-%d %H:%M')}\n\n`{command.strip()}` — "
              f"{(time.perf_counter() - started) / 60:.1f} min. Over HTTP, identity encoding, "
              "interleaved rounds; gunicorn 2 sync workers as in bench.run.")  # fmt: skip
    common.save_report("\n\n".join([header, *map(table, results)]) + "\n", suffix="-gis")
    return 0


if __name__ == "__main__":
    sys.exit(main())
