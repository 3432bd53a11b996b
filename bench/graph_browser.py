"""The network of networks (/reseaux/) in a real browser, on the bench data (issue 11: ~2,000
networks): how long until the graph is drawn, what is drawn, and the longest main-thread task.

    .venv/bin/python -m bench.graph_browser [--size 100000] [--loads 3]

Static files collected as production serves them (as bench.lighthouse); gunicorn as bench.run;
Debian's Chromium driven by Playwright (as tests/browser), 1366×768, no throttling.
"""

import argparse
import os
import statistics

from . import common

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LONG_TASKS = """() => new Promise((done) => {
  const seen = [];
  new PerformanceObserver((list) => seen.push(...list.getEntries().map((e) => e.duration)))
    .observe({ type: "longtask", buffered: true });
  setTimeout(() => done(seen), 200);
})"""


def measure(base, loads):
    from playwright.sync_api import sync_playwright

    runs = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
        for _ in range(loads):
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.goto(base + "/reseaux/", wait_until="commit", timeout=600_000)
            page.wait_for_selector("body[data-loaded='true']", timeout=600_000)
            timing = page.evaluate("() => performance.now()")
            nav = page.evaluate("() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
            runs.append({
                "drawn": timing, "dom": nav, "long": max(page.evaluate(LONG_TASKS) or [0]),
                "nodes": page.locator("#network-graph .graph-node").count(),
                "edges": page.locator("#network-graph .graph-edge").count(),
                "rows": page.locator(".graph-table tbody tr").count(),
                "status": page.locator("#graph-status").inner_text(),
            })
            page.close()
        browser.close()
    return runs


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.graph_browser", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--loads", type=int, default=3)
    args = parser.parse_args(argv)
    common.setup_environment()
    import django

    django.setup()
    dbname = common.ensure_dataset(args.size)
    with common.production_static() as static_root, common.Server(dbname, static_root=static_root) as server:
        runs = measure(server.base, args.loads)
    last = runs[-1]
    lines = [
        f"## /reseaux/ in Chromium — database {dbname}", "",
        "| drawn (p50) | DOMContentLoaded (p50) | longest task (p50) | nodes drawn | edges drawn | table rows |",
        "|---:|---:|---:|---:|---:|---:|",
        f"| {statistics.median(r['drawn'] for r in runs):.0f} ms | {statistics.median(r['dom'] for r in runs):.0f} ms"
        f" | {statistics.median(r['long'] for r in runs):.0f} ms | {last['nodes']} | {last['edges']} | {last['rows']} |",
        "", f"Status line: {last['status']}", "", f"{args.loads} loads, 1366×768.",
    ]  # fmt: skip
    print("\n".join(lines), flush=True)
    common.save_report("\n".join(lines) + "\n", suffix="-graph-browser")


if __name__ == "__main__":
    main()
