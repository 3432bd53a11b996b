"""A real HTTP server on 127.0.0.1 playing a partner's map: it serves a GoGoCarto export
with an ETag and a Last-Modified and answers 304 to a request that names them, and it can
misbehave (slow, huge, redirecting in a loop)."""

import hashlib
import json

import pytest

from initiatives.models import Source
from tests.http_source import SourceHandler, serving

LAST_MODIFIED = "Wed, 02 Dec 2026 10:00:00 GMT"


class PartnerHandler(SourceHandler):
    protocol_version = "HTTP/1.0"

    def do_GET(self):
        self.server.requests.append((self.path, self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")))
        return super().do_GET()

    def serve(self):
        if self.path != "/export.json":
            return self.send(404, b"")
        body = json.dumps({"ontology": "gogofull", "data": self.server.records}, ensure_ascii=False).encode()
        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:16]
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return None
        return self.send(200, body, {"ETag": etag, "Last-Modified": LAST_MODIFIED})


@pytest.fixture
def partner(settings):
    """(server, base URL); server.records is the partner's data, server.requests what it was asked."""
    settings.IMPORT_ALLOW_PRIVATE_HOSTS = True  # the test server lives on loopback
    with serving(PartnerHandler, records=[record(n) for n in (1, 2, 3)], requests=[]) as (server, url):
        yield server, url


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
