"""Lighthouse 12 on the map's pages, mobile mode, against the bench's gunicorn (no tiles).

    .venv/bin/python -m bench.lighthouse [--size 10000] [--runs 3]

Lighthouse is installed bench-locally (bench/lighthouse/package.json pins 12.2.3; its
node_modules are git-ignored) with `npm ci` the first time. Each page is audited --runs times
with Debian's Chromium (CHROME_PATH, default /usr/bin/chromium, `--headless=new --no-sandbox`);
the table gives the median performance score and its run's LCP, TBT and transferred bytes
(Lighthouse's total-byte-weight: compressed, as sent), and the accessibility score.
Pages: home, an initiative page (the first published initiative with a position), the
contribution form and /embed/, on carte_bench_<size>. Static files are served as in
production: collected once into a temporary STATIC_ROOT with whitenoise's
CompressedManifestStaticFilesStorage (hashed names, gzip and brotli, long-lived caching).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from . import common

HERE = Path(__file__).resolve().parent / "lighthouse"
CLI = HERE / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")


def install():
    if not CLI.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)


def pages(dbname):
    with common.connect(dbname, autocommit=True) as conn:
        (slug,) = conn.execute(
            "SELECT slug FROM initiatives_initiative WHERE status = 'published' AND location IS NOT NULL"
            " ORDER BY id LIMIT 1"
        ).fetchone()
    return [("home", "/"), ("initiative", f"/initiatives/{slug}/"), ("form", "/contribuer/"), ("embed", "/embed/")]


def audit(url, keep=None, attempts=2):
    """One Lighthouse run; Chromium's trace sometimes fails to start (NO_NAVSTART): retried once.
    `keep`: where to copy the whole JSON report (for the LCP element, the trace's tasks...)."""
    try:
        return _audit(url, keep)
    except subprocess.CalledProcessError:
        if attempts <= 1:
            raise
        return audit(url, keep, attempts - 1)


def _audit(url, keep):
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        subprocess.run(
            ["node", str(CLI), url, "--quiet", "--output=json", f"--output-path={out}",
             "--only-categories=performance,accessibility",
             "--chrome-flags=--headless=new --no-sandbox"],
            env={**os.environ, "CHROME_PATH": CHROME}, check=True,
        )  # fmt: skip
        report = json.loads(out.read_text())
        if keep:
            keep.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(out, keep)
    audits = report["audits"]
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "requests": len(audits["network-requests"]["details"]["items"]),
        # Where the main thread's time goes (diagnostic, printed below the table's row).
        "bootup": [(i["url"].rsplit("/", 1)[-1] or i["url"], round(i["scripting"])) for i in
                   sorted(audits["bootup-time"]["details"].get("items", []), key=lambda i: -i["scripting"])[:4]],
        "a11y_failures": [
            (ref["id"], [i.get("node", {}).get("selector") for i in audits[ref["id"]].get("details", {}).get("items", [])][:3])
            for ref in report["categories"]["accessibility"]["auditRefs"]
            if ref["weight"] and audits[ref["id"]]["score"] not in (None, 1)
        ],
        "work": {i["groupLabel"]: round(i["duration"]) for i in audits["mainthread-work-breakdown"]["details"]["items"]},
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", default="home,initiative,form,embed", help="which pages, comma-separated")
    parser.add_argument("--keep", action="store_true", help="keep the JSON reports in bench/results/lighthouse-<time>/")
    args = parser.parse_args(argv)
    common.setup_environment()
    import django

    django.setup()
    install()
    dbname = common.ensure_dataset(args.size)
    rows = ["| page | performance | accessibility | LCP (s) | TBT (ms) | transferred (KiB) | requests |",
            "| --- | --- | --- | --- | --- | --- | --- |"]  # fmt: skip
    keep = common.RESULTS / f"lighthouse-{time.strftime('%Y%m%d-%H%M%S')}" if args.keep else None
    with common.production_static() as static_root, common.Server(dbname, static_root=static_root) as server:
        for name, path in [p for p in pages(dbname) if p[0] in args.pages.split(",")]:
            runs = sorted((audit(server.base + path, keep and keep / f"{name}-{i}.json") for i in range(args.runs)),
                          key=lambda r: r["performance"])  # fmt: skip
            median = runs[len(runs) // 2]
            rows.append(
                f"| {name} | {median['performance']} | {statistics.median(r['accessibility'] for r in runs):.0f} "
                f"| {median['lcp'] / 1000:.1f} | {median['tbt']:.0f} | {median['bytes'] / 1024:.0f} "
                f"| {median['requests']} |"
            )
            print(rows[-1], f"\n    scripting: {median['bootup']}\n    main thread: {median['work']}"
                  f"\n    accessibility failures: {median['a11y_failures']}", flush=True)
    common.save_report(
        f"## Lighthouse {args.size:,} initiatives, mobile, median of {args.runs}\n\n" + "\n".join(rows) + "\n",
        suffix="-lighthouse",
    )


if __name__ == "__main__":
    main()
