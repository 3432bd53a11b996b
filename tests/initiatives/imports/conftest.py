"""A real HTTP server on 127.0.0.1 as the source of URL imports, with the misbehaving kinds
of source: slow, endless, redirecting in a loop."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class SourceHandler(BaseHTTPRequestHandler):
    files = {}  # path -> bytes, set by the tests

    def do_GET(self):
        if self.path == "/slow":
            time.sleep(3)
            return self._send(b"[]")
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
        if self.path in self.files:
            return self._send(self.files[self.path])
        self.send_response(404)
        self.end_headers()
        return None

    def _send(self, body):
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def source_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), SourceHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    SourceHandler.files = {}
    yield server, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
