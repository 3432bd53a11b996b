"""The map benchmark: how long the map page takes to show its first markers, and what the
/api/v1/clusters/ responses weigh.

    .venv/bin/python -m bench.map [--sizes 10000,100000] [--loads 5] [--against CHECKOUT]

Headless Chromium (Debian's /usr/bin/chromium, driven by Playwright as in tests/browser)
loads the map page at three views — France (z=6), Brittany (z=8), Lyon (z=13) — against a
gunicorn serving bench.settings (no map tiles) on carte_bench_<size>, with the static files
as production serves them (collected, hashed, pre-compressed). Each load is a fresh browser
context (empty cache) whose window is left to settle for a second before the navigation; one
warm-up load is discarded, then the median of --loads.

- first markers: from navigation start (performance.timeOrigin) to the first animation frame
  after js/map-view.js has put the markers of the URL's zoom on the map (`map:drawn`, with
  `.initiative-icon, .cluster-icon` in the page) — an init script records it;
- list built: the same for the in-view list, built after the markers' frame (`map:loaded`,
  body[data-loaded=true]);
- page: when the HTML document finished arriving (navigation responseEnd);
- clusters request: start and end of the /api/v1/clusters/ fetch (resource timing), or "in
  the page" when the first view's clusters came with the HTML (frontend/first_view.py);
  otherwise the first view's is sent by js/pages/map-early.js, before Leaflet has loaded;
- Leaflet loaded: when Leaflet (leaflet-with-controls.js) finished arriving (resource timing), for the order of the two;
- payload: the /api/v1/clusters/ responses, compressed as transferred (gzip, as the browser
  asks: Content-Length, checked against resource timing's encodedBodySize) and decoded
  (response.body() length).

bench.run runs it too, against its own server, unless --no-map.
"""

import argparse
import contextlib
import datetime as dt
import json
import os
import statistics
import sys
import time
from urllib.parse import parse_qs, urlsplit

from . import common

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WINDOW_SETTLE_MS = 1000  # see load_once
VIEWS = [
    # key, label, lat, lon, zoom
    ("france", "France (z=6, 46.6, 2.4)", 46.6, 2.4, 6),
    ("region", "Brittany (z=8, 48.2, −3.0)", 48.2, -3.0, 8),
    ("city", "Lyon (z=13, 45.76, 4.84)", 45.76, 4.84, 13),
    # `/` as typed: no view in the URL, the map fits the data.
    ("fitted", "Home, no view in the URL (fitted)", None, None, None),
]
FIRST_MARKERS_TARGET_MS = 2000
FRANCE_PAYLOAD_TARGET = 300_000  # bytes, compressed

# Records, in the page: every /api/v1/clusters/ fetch (its zoom); on `map:drawn` (js/map-view.js
# has put the view's markers on the map, and says the zoom and clusters URL of what it drew —
# load() aborts the previous request when it starts a new one, so what is drawn answers the
# latest) whether markers are in the page and the drawn view has the zoom the URL asked for;
# on `map:loaded` (the in-view list built from the same answer, after the markers' frame)
# the same for the list. Each time is taken at the next animation frame (painted). A
# checkout older than `map:drawn` (--against) has only `map:loaded`: it stands for both.
INIT_SCRIPT = """
(() => {
  const wanted = new URLSearchParams(location.search).get("z");
  const bench = (window.__bench = { fetches: [], lastZoom: null });
  const originalFetch = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === "string" ? input : input.url;
    if (url.includes("/api/v1/clusters/")) {
      bench.lastZoom = new URL(url, location.href).searchParams.get("zoom");
      bench.fetches.push({ zoom: bench.lastZoom, at: performance.now() });
    }
    return originalFetch.apply(this, arguments);
  };
  const markers = () => document.querySelector(".initiative-icon, .cluster-icon") !== null;
  // What was drawn: the event says it; before it did (--against), the latest fetch's zoom.
  const isWanted = (event) => wanted === null
    || (event.detail.zoom === undefined ? bench.lastZoom : String(event.detail.zoom)) === wanted;
  function drawn(event) {
    if (!markers()) return;
    if (bench.firstPainted === undefined) {
      bench.firstPainted = null;
      requestAnimationFrame(() => { bench.firstPainted = performance.now(); });
    }
    if (bench.painted === undefined && isWanted(event)) {
      bench.painted = null;
      bench.url = event.detail.url;
      requestAnimationFrame(() => { bench.painted = performance.now(); });
    }
  }
  document.addEventListener("map:drawn", (event) => { bench.hasDrawn = true; drawn(event); });
  document.addEventListener("map:loaded", (event) => {
    if (!bench.hasDrawn) drawn(event);
    if (bench.listed === undefined && document.body.dataset.loaded === "true" && markers() && isWanted(event)) {
      bench.listed = null;
      requestAnimationFrame(() => { bench.listed = performance.now(); });
    }
  });
})();
"""

TIMINGS_JS = """
(zoom) => {
  const bench = window.__bench;
  const nav = performance.getEntriesByType("navigation")[0];
  const clusters = performance.getEntriesByType("resource")
    .filter((e) => e.name.includes("/api/v1/clusters/"))
    .map((e) => ({ zoom: new URL(e.name).searchParams.get("zoom"), start: e.startTime,
                   end: e.responseEnd, encoded: e.encodedBodySize, decoded: e.decodedBodySize }));
  const mine = clusters.filter((e) => zoom === null || e.zoom === String(zoom)).pop() || {};
  const leaflet = performance.getEntriesByType("resource").find((e) => /\/leaflet(-with-controls)?(\.[0-9a-f]+)?\.js$/.test(e.name)) || {};
  return {
    painted: bench.painted, firstPainted: bench.firstPainted, listed: bench.listed,
    fetchZooms: bench.fetches.map((f) => f.zoom),
    drawnUrl: bench.url,
    docEnd: nav.responseEnd, docEncoded: nav.encodedBodySize, docDecoded: nav.decodedBodySize,
    domContentLoaded: nav.domContentLoadedEventEnd, clusters, start: mine.start, end: mine.end,
    encodedRT: mine.encoded, leafletEnd: leaflet.responseEnd,
    markers: document.querySelectorAll(".initiative-icon").length,
    clusterMarkers: document.querySelectorAll(".cluster-icon").length,
  };
}
"""


def load_once(browser, base, view):
    _key, _label, lat, lon, zoom = view
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
    context.add_init_script(INIT_SCRIPT)
    page = context.new_page()
    # A new context opens a new browser window, and headless Chromium (156) then builds the
    # window's own UI: ~40 chrome://omnibox-popup WebUI modules, loaded and run on the same two
    # cores during the first ~150 ms. A user's window exists before they type the address, so
    # the navigation starts once that is done.
    page.wait_for_timeout(WINDOW_SETTLE_MS)
    ours = urlsplit(base).netloc
    responses, foreign = [], []
    page.on("response", lambda r: "/api/v1/clusters/" in r.url and responses.append(r))
    page.on("request", lambda r: r.url.startswith("http") and urlsplit(r.url).netloc != ours
            and foreign.append(r.url))  # fmt: skip
    try:
        page.goto(f"{base}/?lat={lat}&lon={lon}&z={zoom}" if zoom else f"{base}/", wait_until="commit")
        page.wait_for_function("() => window.__bench.painted && window.__bench.listed", timeout=60_000)
        timings = page.evaluate(TIMINGS_JS, zoom)
        payload = []
        for response in responses:
            try:
                body = response.body()
            except Exception:  # noqa: BLE001 — a fetch that load() aborted
                continue
            payload.append({
                "zoom": parse_qs(urlsplit(response.url).query).get("zoom", [""])[0],
                "url": "{0.path}?{0.query}".format(urlsplit(response.url)),
                "status": response.status,
                "encoding": response.headers.get("content-encoding", "identity"),
                "content_length": int(response.headers.get("content-length", -1)),
                "decoded": len(body),
                "features": len(json.loads(body)["features"]),
            })  # fmt: skip
    finally:
        context.close()
    return {"timings": timings, "payload": payload, "foreign": foreign}


def measure_views(bases, *, loads=5, chromium=CHROMIUM):
    """{base: {view key: summary}} for each server and each of VIEWS, median of `loads`
    fresh-context page loads. With several servers the loads are interleaved (each view,
    each server in turn), so that the machine's noise hits them alike."""
    from playwright.sync_api import sync_playwright

    runs = {base: {view[0]: [] for view in VIEWS} for base in bases}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        try:
            for base in bases:
                load_once(browser, base, VIEWS[0])  # warm-up: server templates, static files, caches
            for view in VIEWS:
                for _ in range(loads):
                    for base in bases:
                        runs[base][view[0]].append(load_once(browser, base, view))
        finally:
            browser.close()
    return {base: {view[0]: summarise(view, runs[base][view[0]]) for view in VIEWS} for base in bases}


def summarise(view, runs):
    med = lambda values: statistics.median(values) if values else None  # noqa: E731
    painted = [r["timings"]["painted"] for r in runs]
    last = runs[-1]
    mine = [p for p in last["payload"] if view[4] is None or p["zoom"] == str(view[4])][-1:]
    return {
        "label": view[1],
        "loads": len(runs),
        "first_markers_ms": med(painted),
        "first_markers_max_ms": max(painted),
        "any_markers_ms": med([r["timings"]["firstPainted"] for r in runs]),
        "listed_ms": med([r["timings"]["listed"] for r in runs]),
        "doc_end_ms": med([r["timings"]["docEnd"] for r in runs]),
        "doc_bytes": last["timings"]["docEncoded"],
        "doc_decoded": last["timings"]["docDecoded"],
        "clusters_start_ms": med([r["timings"]["start"] for r in runs if r["timings"]["start"] is not None]),
        "clusters_end_ms": med([r["timings"]["end"] for r in runs if r["timings"]["end"] is not None]),
        "leaflet_end_ms": med([r["timings"]["leafletEnd"] for r in runs if r["timings"]["leafletEnd"] is not None]),
        "fetch_zooms": last["timings"]["fetchZooms"],
        "requests": len(last["payload"]),
        "encoding": ",".join(sorted({p["encoding"] for p in last["payload"]})),
        "transfer": sum(max(p["content_length"], 0) for p in mine),
        "encoded_rt": last["timings"]["encodedRT"],
        "decoded": sum(p["decoded"] for p in mine),
        "features": sum(p["features"] for p in mine),
        "all_transfer": sum(max(p["content_length"], 0) for p in last["payload"]),
        "markers": last["timings"]["markers"],
        "cluster_markers": last["timings"]["clusterMarkers"],
        "foreign": sorted({u for r in runs for u in r["foreign"]}),
        # What the drawn view's clusters URL is (bench.run's clusters scenarios replay it).
        "url": "{0.path}?{0.query}".format(urlsplit(last["timings"]["drawnUrl"])) if last["timings"]["drawnUrl"] else None,
    }


def _kb(n):
    return f"{n / 1000:,.0f} kB" if n >= 10_000 else f"{n / 1000:.1f} kB"


def _request(v):
    if v["clusters_start_ms"] is None:
        return "in the page"
    return f"{v['clusters_start_ms']:,.0f} → {v['clusters_end_ms']:,.0f} ms"


def table(views):
    lines = [
        "| view | first markers p50 (max) | any markers p50 | list built p50 | page HTML done "
        "| clusters request start → end | Leaflet loaded | clusters payload gzip / decoded "
        "| features (clusters + initiatives) | clusters fetches (zooms) | HTML gzip / decoded |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for v in views.values():
        lines.append(
            f"| {v['label']} | {v['first_markers_ms']:,.0f} ms ({v['first_markers_max_ms']:,.0f}) "
            f"| {v['any_markers_ms']:,.0f} ms | {v['listed_ms']:,.0f} ms "
            f"| {v['doc_end_ms']:,.0f} ms | {_request(v)} "
            f"| {v['leaflet_end_ms']:,.0f} ms "
            f"| {_kb(v['transfer'])} / {_kb(v['decoded'])}"
            " "
            f"| {v['features']:,} ({v['cluster_markers']:,} + {v['markers']:,}) "
            f"| {len(v['fetch_zooms'])} ({', '.join(v['fetch_zooms'])}) "
            f"| {_kb(v['doc_bytes'])} / {_kb(v['doc_decoded'])} |"
        )
    notes = []
    for v in views.values():
        if v["encoded_rt"] and abs(v["encoded_rt"] - v["transfer"]) > 0:
            notes.append(f"{v['label']}: resource timing says {v['encoded_rt']:,} B encoded")
        if v["requests"] and v["encoding"] != "gzip":
            notes.append(f"{v['label']}: clusters served with {v['encoding']}")
        if v["foreign"]:
            notes.append(f"{v['label']}: requests to other hosts: {', '.join(v['foreign'][:5])}")
    notes += [f"{v['label']}: the drawn view's clusters URL is `{v['url']}`" for v in views.values() if v["url"]]
    if notes:
        lines += [""] + [f"- {n}" for n in notes]
    return "\n".join(lines)


def targets(views, size):
    out = []
    slow = {k: v["first_markers_ms"] for k, v in views.items() if v["first_markers_ms"] > FIRST_MARKERS_TARGET_MS}
    worst = max(views.values(), key=lambda v: v["first_markers_ms"])
    out.append(
        f"- map at {size:,}: first markers p50 ≤ 2 s at every view: worst {worst['first_markers_ms']:,.0f} ms "
        f"({worst['label']}) {'✅' if not slow else '❌'}"
    )
    # When the page holds the clusters, what carries them is the page itself.
    france = views["france"]["transfer"] or views["france"]["doc_bytes"]
    carrier = "clusters payload" if views["france"]["transfer"] else "page with its clusters"
    out.append(f"- map at {size:,}: France-view {carrier} {_kb(france)} compressed (target < 300 kB) "
               f"{'✅' if france < FRANCE_PAYLOAD_TARGET else '❌'}")  # fmt: skip
    return out


def comparison(ours, theirs, against):
    """First markers side by side: this checkout and the one at `against`, interleaved."""
    lines = [
        f"| view | this checkout p50 (max) | {against} p50 (max) | ratio |",
        "|---|---:|---:|---:|",
    ]
    for key, v in ours.items():
        t = theirs[key]
        lines.append(
            f"| {v['label']} | {v['first_markers_ms']:,.0f} ms ({v['first_markers_max_ms']:,.0f}) "
            f"| {t['first_markers_ms']:,.0f} ms ({t['first_markers_max_ms']:,.0f}) "
            f"| {t['first_markers_ms'] / v['first_markers_ms']:.2f}× |"
        )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.map", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--against", metavar="CHECKOUT",
                        help="another checkout of the project (e.g. a git worktree of an older commit), "
                             "served beside this one on the same database and measured interleaved")  # fmt: skip
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    common.setup_environment()
    started = time.perf_counter()
    command = " ".join(["python -m bench.map", *(argv if argv is not None else sys.argv[1:])])
    parts = [f"# Map benchmark {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}", "", f"`{command}`"]
    all_targets = []
    for size in sizes:
        dbname = common.ensure_dataset(size)
        with contextlib.ExitStack() as stack:
            static_root = stack.enter_context(common.production_static())
            server = stack.enter_context(common.Server(dbname, static_root=static_root))
            other = None
            if args.against:
                theirs = stack.enter_context(common.production_static(args.against))
                other = stack.enter_context(common.Server(dbname, root=args.against, static_root=theirs))
            measured = measure_views([server.base] + ([other.base] if other else []), loads=args.loads)
        views = measured[server.base]
        parts += ["", f"## {size:,} initiatives — `{dbname}`", "", table(views)]
        if other:
            parts += ["", f"Interleaved with `{args.against}`:", "", table(measured[other.base]), "",
                      comparison(views, measured[other.base], args.against)]  # fmt: skip
        all_targets += targets(views, size)
        print(parts[-1], flush=True)
    parts += ["", "## Targets", "", *all_targets, "",
              f"({(time.perf_counter() - started) / 60:.1f} min)"]  # fmt: skip
    common.save_report("\n".join(parts), suffix="-map")
    return 0


if __name__ == "__main__":
    sys.exit(main())
