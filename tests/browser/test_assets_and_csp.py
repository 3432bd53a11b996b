"""What each page makes the browser load, and the Content-Security-Policy seen from the
browser: a real Chromium counts the requests of a first visit (empty cache) and collects every
`securitypolicyviolation` event and console report."""

import gzip
import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from tests.browser.conftest import close_when_idle, new_context, wait_for_map
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.browser

HOME_BUDGET = 200 * 1024  # bytes, compressed: the home page's first load, tiles excluded
UNUSED = re.compile(r"jquery|bootstrap|glyphicons|fontawesome|awesome-markers|markercluster", re.I)
MAP_PAGES = ["/", "/embed/", "/initiatives/maison-du-libre/", "/contribuer/", "/territoires/region/53/"]
# Coop Group: seatless, its only member (Anim-fr) too, so its page says so instead of a map.
OTHER_PAGES = ["/a-propos/", "/initiatives/coop-group/", "/reseaux/", "/reseaux/sans-lieu/", "/territoires/", "/initiatives/maison-du-libre/modifier/", "/initiatives/maison-du-libre/signaler/",
               "/initiatives/maison-du-libre/historique/", "/modifications/", "/comptes/login/",
               "/comptes/inscription/", "/pas-une-page/"]  # fmt: skip

# Installed before any page script: records CSP violations as the browser reports them.
COLLECT_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(
  `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture
def sample_map(transactional_db):
    call_command("load_sample_data", verbosity=0)


def first_visit(browser, url):
    """Load `url` in a fresh context; return [(url, resource type, gzip size of its body)]."""
    context = new_context(browser, viewport={"width": 390, "height": 844}, locale="fr-FR")
    page = context.new_page()
    loaded = []
    page.on("requestfinished", lambda request: loaded.append(request))
    page.goto(url)
    if page.locator(".folium-map").count():
        wait_for_map(page)
    page.wait_for_timeout(300)
    rows = []
    for request in loaded:
        response = request.response()
        body = response.body() if response and response.status != 304 else b""
        # What the production storage sends: whitenoise serves gzip (or smaller brotli) files.
        rows.append((urlsplit(request.url).path, request.resource_type, len(gzip.compress(body, 9))))
    close_when_idle(context)
    return rows


@pytest.mark.parametrize("path", MAP_PAGES)
def test_map_pages_load_leaflet_and_our_code_only(browser, live_server, sample_map, path):
    rows = first_visit(browser, live_server.url + path)
    assets = [p for p, kind, _ in rows if kind in ("script", "stylesheet", "font")]
    print(f"\n{path}: {len(rows)} requests, {sum(size for *_, size in rows) / 1024:.1f} KiB compressed")
    for row in rows:
        print("  %-70s %-10s %7d" % row)
    assert [a for a in assets if UNUSED.search(a)] == []
    assert not [p for p, kind, _ in rows if kind == "font"]  # no icon font: SVG icons
    # Leaflet and its two controls come joined (scripts/build-js): one script, one stylesheet.
    assert [a for a in assets if a.startswith("/static/vendor/")] == []
    assert {a for a in assets if "leaflet" in a} == {
        "/static/frontend/js/leaflet-with-controls.js", "/static/frontend/js/leaflet-with-controls.css",
    }  # fmt: skip
    if path == "/":
        assert sum(size for *_, size in rows) <= HOME_BUDGET


@pytest.mark.parametrize("path", MAP_PAGES + OTHER_PAGES)
def test_no_page_violates_its_content_security_policy(browser, live_server, sample_map, path):
    context = new_context(browser, viewport={"width": 390, "height": 844}, locale="fr-FR")
    context.add_init_script(COLLECT_VIOLATIONS)
    page = context.new_page()
    reports = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and reports.append(msg.text))
    page.goto(live_server.url + path)
    if page.locator(".folium-map").count():
        wait_for_map(page)
    page.wait_for_timeout(300)
    violations = page.evaluate("window.__violations")
    close_when_idle(context)
    assert (violations, reports) == ([], [])


def test_the_moderation_queue_does_not_violate_it_either(browser, live_server, sample_map):
    make_user("modo", role="moderator")
    context = new_context(browser, locale="fr-FR")
    context.add_init_script(COLLECT_VIOLATIONS)
    page = context.new_page()
    page.goto(live_server.url + "/comptes/login/?next=/moderation/")
    page.locator("#id_username").fill("modo")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile("/moderation/"))
    violations = page.evaluate("window.__violations")
    close_when_idle(context)
    assert violations == []
