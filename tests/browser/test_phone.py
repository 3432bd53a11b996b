"""The pages on a phone (390×844, and 320 to 430 px wide) and on a laptop (1366×768): no page
wider than the screen, share and embed reachable, axe finds no serious or critical violation,
markers kept across a small pan. Screenshots of the phone layout go to tests/screenshots/."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import AXE, SCREENSHOTS, close_when_idle, new_context, wait_for_map

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
PAGES = ["/", "/initiatives/maison-du-libre/", "/contribuer/", "/embed/", "/a-propos/", "/modifications/"]


@pytest.fixture
def sample_map(transactional_db):
    call_command("load_sample_data", verbosity=0)


@pytest.fixture
def open_page(browser, live_server):
    contexts = []

    def open_(path, viewport):
        context = new_context(browser, viewport=viewport, locale="fr-FR")
        context.add_init_script(path=str(AXE))
        contexts.append(context)
        page = context.new_page()
        page.goto(live_server.url + path)
        if page.locator(".folium-map").count():
            wait_for_map(page)
        return page

    yield open_
    for context in contexts:
        close_when_idle(context)


def serious(page):
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("width", [320, 430])
def test_no_page_is_wider_than_a_phone(open_page, sample_map, width):
    for path in PAGES:
        page = open_page(path, {"width": width, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_axe_finds_nothing_serious(open_page, sample_map, viewport):
    for path in ["/", "/initiatives/maison-du-libre/", "/contribuer/", "/embed/"]:
        page = open_page(path, viewport)
        assert serious(page) == [], path


def test_the_phone_layout(open_page, sample_map):
    SCREENSHOTS.mkdir(exist_ok=True)
    page = open_page("/", PHONE)
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 60  # one line: the brand and a menu button
    assert page.locator(".leaflet-control-zoom").is_visible()
    # Every marker is a 44 px target.
    for box in [m.bounding_box() for m in page.locator(".initiative-icon, .cluster-icon").all()]:
        assert box["width"] >= 44 and box["height"] >= 44
    page.screenshot(path=str(SCREENSHOTS / "phone-home.png"))

    page.get_by_role("button", name="Menu").click()
    assert page.get_by_role("link", name="Contribuer").is_visible()
    page.get_by_role("button", name="Menu").click()

    page.get_by_role("button", name="Filtres et liste").click()
    panel, controls = page.locator("#panel").bounding_box(), page.locator(".leaflet-control-zoom").bounding_box()
    assert controls["y"] + controls["height"] <= panel["y"]  # the sheet never covers the controls
    page.screenshot(path=str(SCREENSHOTS / "phone-panel-open.png"))

    page.get_by_role("button", name="Partager", exact=True).click()
    assert "/embed/?" in page.locator("#share-iframe").input_value()

    page = open_page("/initiatives/maison-du-libre/", PHONE)
    page.screenshot(path=str(SCREENSHOTS / "phone-initiative.png"))
    page = open_page("/contribuer/", PHONE)
    page.screenshot(path=str(SCREENSHOTS / "phone-form.png"))


def test_a_small_pan_sends_one_request_and_keeps_the_markers_in_place(open_page, sample_map):
    page = open_page("/?lat=48.3&lon=-4.2&z=9", LAPTOP)
    page.evaluate("document.querySelectorAll('.initiative-icon, .cluster-icon').forEach((m) => { m.dataset.before = '1'; })")
    before = page.locator("[data-before]").count()
    assert before > 0
    requests = []
    page.on("request", lambda r: "/api/" in r.url and requests.append(r.url))
    with page.expect_response(lambda r: "/api/v1/clusters/" in r.url):
        page.mouse.move(700, 400)
        page.mouse.down()
        page.mouse.move(730, 410, steps=5)
        page.mouse.up()
    page.wait_for_timeout(300)
    # One request for the new view (markers and list alike), and the same DOM nodes:
    # nothing was cleared and redrawn.
    assert len(requests) == 1, requests
    assert page.locator("[data-before]").count() == before


def overlapping(page):
    boxes = [m.bounding_box() for m in page.locator(".initiative-icon, .cluster-icon").all()]
    return [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]]


@pytest.mark.parametrize("zoom", [4, 5, 6, 7])
def test_no_marker_covers_another(open_page, sample_map, zoom):
    # A cluster sits at its members' mean, so neighbouring cells' clusters can come within a
    # marker of each other: the page merges them rather than stack two targets (target-size).
    page = open_page(f"/?lat=48.2&lon=-3&z={zoom}", {"width": 412, "height": 823})
    assert page.locator(".initiative-icon, .cluster-icon").count() > 0
    assert overlapping(page) == []
