"""A real HTTP server on 127.0.0.1 playing a partner's map: it serves a GoGoCarto export
with an ETag and a Last-Modified and answers 304 to a request that names them, and it can
misbehave (slow, huge, redirecting in a loop)."""

import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from initiatives.models import Source

LAST_MODIFIED = "Wed, 02 Dec 2026 10:00:00 GMT"


class PartnerHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def do_GET(self):
        self.server.requests.append((self.path, self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")))
        if self.path == "/slow":
            time.sleep(3)
            return self._send(200, b"{}")
        if self.path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", "/loop-again" if self.path == "/loop" else "/loop")
            self.end_headers()
            return None
        if self.path == "/huge":  # no Content-Length: only counting the bytes can stop it
            self.send_response(200)
            self.end_headers()
            try:
                for _ in range(4096):
                    self.wfile.write(b"x" * 65536)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return None
        if self.path != "/export.json":
            return self._send(404, b"")
        body = json.dumps({"ontology": "gogofull", "data": self.server.records}, ensure_ascii=False).encode()
        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:16]
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return None
        return self._send(200, body, {"ETag": etag, "Last-Modified": LAST_MODIFIED})

    def _send(self, status, body, headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def partner(settings):
    """(server, base URL); server.records is the partner's data, server.requests what it was asked."""
    settings.IMPORT_ALLOW_PRIVATE_HOSTS = True  # the test server lives on loopback
    server = ThreadingHTTPServer(("127.0.0.1", 0), PartnerHandler)
    server.daemon_threads = True
    server.records, server.requests = [record(n) for n in (1, 2, 3)], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def record(n, **changes):
    """A GoGoCarto element, far from the sample data (no duplicate candidates)."""
    return {
        "id": f"p{n}", "name": f"Ressourcerie numéro {n}", "description": f"Résumé {n}",
        "geo": {"latitude": 43.0 + n / 10, "longitude": 1.0 + n / 10},
        "address": {"addressLocality": "Pamiers"}, "categories": ["Communs"], **changes,
    }  # fmt: skip


@pytest.fixture
def source(partner):
    _server, base = partner
    return Source.objects.create(
        name="Carte partenaire", slug="partenaire", url=f"{base}/export.json", home_url="https://partenaire.example.org/",
        format="gogocarto", licence="ODbL 1.0", licence_url="https://opendatacommons.org/licenses/odbl/1-0/",
        attribution="© Carte partenaire et ses contributeurs",
    )  # fmt: skip
