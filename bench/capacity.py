"""Requests per second that one gunicorn worker serves, for the main reads, 100k beside 1M:
the numbers behind the README's capacity plan (issue 13).

    .venv/bin/python -m bench.capacity --sizes 100000,1000000 --seconds 4 --rounds 3

One server per size (one sync worker each, bench.settings), both up at once. For each kind of
request, `clients` threads send it back to back for `seconds` to one server, then to the
other, `rounds` times (interleaved: a change of load on the machine weighs on both sizes
alike); a warm-up request per server first (it also builds the map's cells). Beside the
requests/s, the CPU time a request costs (the worker's plus PostgreSQL's), which a loaded
machine does not inflate: 1000 / CPU ms is what one core gives. A request is
counted when its last byte is read; a worker is saturated with 2 clients (one waits while the
other is served), so requests/s ≈ what a worker gives a site."""

import argparse
import json
import sys
import threading
import time

from . import common
from .run import fetch, loadavg
from .scale import IDENTITY, REQUESTS

KINDS = [
    *[(key, label, path, headers) for key, label, path, headers, _target in REQUESTS if headers is IDENTITY],
    ("detail", "one initiative (API)", "/api/v1/initiatives/{slug}/", IDENTITY),
    ("page-html", "one initiative (HTML page)", "/initiatives/{slug}/", IDENTITY),
]


def some_slug(port):
    got = fetch(port, "/api/v1/initiatives/?page_size=1", IDENTITY, keep=True)
    return json.loads(got.body)["features"][0]["properties"]["slug"]


def served_in(port, path, headers, seconds, clients):
    """Requests completed by the server in `seconds`, `clients` at a time."""
    done, errors, stop = [0] * clients, [], time.monotonic() + seconds

    def client(i):
        while time.monotonic() < stop:
            got = fetch(port, path, headers)
            if got.status != 200:
                errors.append((path, got.status))
                return
            done[i] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[:3]
    return sum(done)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.capacity", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated dataset sizes")
    parser.add_argument("--seconds", type=float, default=4, help="length of one slice")
    parser.add_argument("--rounds", type=int, default=3, help="slices per size and request kind")
    parser.add_argument("--clients", type=int, default=2, help="concurrent clients")
    args = parser.parse_args(argv)
    common.setup_environment()
    sizes = [int(s) for s in args.sizes.split(",")]
    servers = {size: common.Server(common.ensure_dataset(size), workers=1) for size in sizes}
    load = [loadavg()]
    counts = {(key, size): 0 for key, *_ in KINDS for size in sizes}
    cpu = {(key, size): 0.0 for key, *_ in KINDS for size in sizes}
    try:
        for server in servers.values():
            server.__enter__()
        meters = {size: common.CpuMeter(server.process.pid) for size, server in servers.items()}
        slugs = {size: some_slug(server.port) for size, server in servers.items()}
        for key, _label, path, headers in KINDS:
            for size, server in servers.items():  # warm-up
                fetch(server.port, path.format(slug=slugs[size]), headers)
            for _ in range(args.rounds):
                for size, server in servers.items():
                    before = meters[size]()
                    counts[key, size] += served_in(server.port, path.format(slug=slugs[size]), headers, args.seconds, args.clients)
                    cpu[key, size] += meters[size]() - before
    finally:
        for server in servers.values():
            server.__exit__()
    load.append(loadavg())
    span = args.seconds * args.rounds
    def per_request(key, size):  # CPU ms a request costs, and the requests/s a core then gives
        cpu_ms = cpu[key, size] / max(counts[key, size], 1) * 1000
        return f"{counts[key, size] / span:.1f} | {cpu_ms:.1f} | {1000 / max(cpu_ms, 0.1):.0f}"

    lines = [
        "| request (one sync worker, " + f"{args.clients} clients) | "
        + " | ".join(f"{s:,}: req/s | CPU ms/req | req/s per core" for s in sizes) + " |",
        "|---|" + "---:|---:|---:|" * len(sizes),
        *(f"| {label} | " + " | ".join(per_request(key, s) for s in sizes) + " |" for key, label, *_ in KINDS),
        "", "CPU ms/req: the worker's plus PostgreSQL's CPU time per request (bench.common.CpuMeter); "
        "req/s per core = 1000 / that: what a core gives when the machine is not shared, where "
        "req/s falls with the load of other processes.",
        "", f"load average (1 min) at start → end: {load[0]} → {load[-1]}",
    ]  # fmt: skip
    common.save_report("\n".join(lines), "-capacity")


if __name__ == "__main__":
    sys.exit(main())
