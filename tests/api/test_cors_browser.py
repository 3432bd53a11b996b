"""A partner's page on another origin, in a real Chromium, reads the API and revalidates it:
the browser sends the preflight and enforces its answer, as it would on the partner's site."""

import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class PartnerPage(BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"<!doctype html><title>Partenaire</title><p>Un site partenaire.</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def partner_origin():
    server = ThreadingHTTPServer(("127.0.0.1", 0), PartnerPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


REVALIDATE = """async (url) => {
    const first = await fetch(url, {cache: "no-store"});
    const etag = first.headers.get("ETag");
    const modified = first.headers.get("Last-Modified");
    const byEtag = await fetch(url, {cache: "no-store", headers: {"If-None-Match": etag}});
    const byDate = await fetch(url, {cache: "no-store", headers: {"If-Modified-Since": modified}});
    return {first: first.status, etag, byEtag: byEtag.status, byDate: byDate.status};
}"""


def test_a_page_on_another_origin_revalidates_with_if_none_match(live_server, little_map, partner_origin, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the test thread only set up data
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    api = f"{live_server.url}/api/v1/initiatives/?theme=communs"
    assert not api.startswith(partner_origin)  # localhost vs 127.0.0.1: two origins
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
        try:
            page = browser.new_page()
            page.goto(partner_origin)
            result = page.evaluate(REVALIDATE, api)
        finally:
            browser.close()
    assert result["first"] == 200 and result["etag"]
    assert result["byEtag"] == 304
    assert result["byDate"] == 304
