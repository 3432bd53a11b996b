"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium) against the real
server (pytest-django's live_server), with map tiles switched off, so any request to a host
that is not ours is a failure. Screenshots land in tests/screenshots/."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "screenshots"
AXE = Path(__file__).resolve().parents[2] / "frontend" / "static" / "vendor" / "axe-core" / "axe.min.js"

# Playwright's sync API runs an event loop in this thread; Django refuses database access
# from a thread with a running loop unless told that it is safe, which it is here: the test
# thread only sets up data while the browser waits.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh page that records every request leaving our origin and every dialog."""
    context = new_context(browser, viewport={"width": 1280, "height": 800}, locale="fr-FR")
    page = context.new_page()
    ours = urlsplit(live_server.url).netloc
    page.foreign_requests = []
    page.dialogs = []
    page.console_errors = []

    def on_request(request):
        netloc = urlsplit(request.url).netloc
        if request.url.startswith(("http://", "https://")) and netloc != ours:
            page.foreign_requests.append(request.url)

    page.on("request", on_request)
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    yield page
    close_when_idle(context)


@pytest.fixture
def screenshot(page):
    def take(name):
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)

    return take


@pytest.fixture
def axe(page):
    """Run axe-core (vendored from npm) in the page; return its serious/critical violations.
    It is installed as an init script (by the DevTools protocol, before each document): the
    pages' Content-Security-Policy rightly refuses an injected inline <script>."""
    page.add_init_script(path=str(AXE))

    def run():
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    return run


def close_when_idle(context):
    """Close a browser context once none of its requests has been in flight for 300 ms.

    The test database is flushed after each browser test; a request still being served then
    (a debounced search, a map move) holds table locks that deadlock with the flush's
    TRUNCATE. Playwright's "networkidle" fires once per navigation, so count requests. Its
    events are only delivered while Playwright waits, hence wait_for_timeout, not sleep."""
    if context.pages:
        waiter, quiet_ms = context.pages[0], 0
        for _ in range(100):  # 10 s at most
            quiet_ms = 0 if context.in_flight else quiet_ms + 100
            if quiet_ms >= 300:
                break
            waiter.wait_for_timeout(100)
    context.close()


def new_context(browser, **options):
    """A browser context that counts its requests in flight, for close_when_idle()."""
    context = browser.new_context(**options)
    context.in_flight = set()
    context.on("request", lambda request: context.in_flight.add(request))
    context.on("requestfinished", lambda request: context.in_flight.discard(request))
    context.on("requestfailed", lambda request: context.in_flight.discard(request))
    return context


def wait_for_map(page):
    page.wait_for_selector("body[data-loaded='true']", timeout=15000)


def in_form(page, target):
    """The contribution form shows one step at a time (js/form-steps.js): open the step that
    holds `target` (a selector or a locator) through the steps' navigation, and return it."""
    locator = (page.locator(target) if isinstance(target, str) else target).first
    step = locator.evaluate("el => el.closest('.form-step') ? el.closest('.form-step').id : ''")
    if step and page.locator(f"#{step}").is_hidden():
        page.locator(f'.steps-nav [aria-controls="{step}"]').click()
    return locator
