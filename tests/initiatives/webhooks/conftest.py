"""A real HTTP receiver on 127.0.0.1 for webhook deliveries: it keeps every request (headers
and body as received), answers the statuses a test queues up (then 204), and counts the
requests it answers at once."""

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from initiatives.webhooks import subscriptions
from tests.factories import make_user


@dataclass
class Received:
    requests: list = field(default_factory=list)  # (path, headers dict, body bytes)
    answers: list = field(default_factory=list)  # statuses to answer first, in order
    in_flight: int = 0
    in_flight_max: int = 0  # requests being answered at once, at most
    delay: float = 0.002  # a receiver takes some time: overlapping requests show
    lock: threading.Lock = field(default_factory=threading.Lock)

    def bodies(self, path=None):
        import json

        return [json.loads(body) for p, _h, body in self.requests if path is None or p == path]


class ReceiverHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real receiver
    received: Received

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with self.received.lock:
            self.received.in_flight += 1
            self.received.in_flight_max = max(self.received.in_flight_max, self.received.in_flight)
            self.received.requests.append((self.path, dict(self.headers), body))
            status = self.received.answers.pop(0) if self.received.answers else 204
        time.sleep(self.received.delay)
        with self.received.lock:
            self.received.in_flight -= 1
        if self.path == "/dripping":  # a 200 whose body comes a byte at a time, for 10 s
            return self._dripping()
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _dripping(self):
        self.send_response(200)
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            for _ in range(200):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    """(Received, base URL) of a live receiver."""
    received = Received()
    handler = type("Handler", (ReceiverHandler,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield received, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def partner(db):
    return make_user("partenaire")


def subscribe(owner, url, events=("created", "updated", "archived", "merged", "removed"), **filters):
    return subscriptions.subscribe(owner=owner, url=url, events=list(events), **filters)
