"""What a person does with the map, in a real Chromium against the real server."""

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
import threading
from functools import partial
from http.server import HTTPServer, SimpleHTTPRequestHandler
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from tests.browser.conftest import close_when_idle, new_context, wait_for_map
from tests.factories import make_initiative

pytestmark = pytest.mark.browser

XSS = '<img src=x onerror="alert(1)"><script>alert(2)</script>'


@pytest.fixture
def sample_map(transactional_db):
    call_command("load_sample_data", verbosity=0)


def shown(page):
    """How many initiatives the map shows: single markers plus the counts of clusters."""
    singles = page.locator(".initiative-icon").count()
    clusters = sum(int(re.sub(r"\D", "", t)) for t in page.locator(".cluster-icon").all_inner_texts())
    return singles + clusters


def test_the_map_shows_the_sample_networks_from_our_origin_only(page, live_server, sample_map, screenshot, axe):
    page.goto(live_server.url + "/")
    wait_for_map(page)
    assert shown(page) == 17  # every located sample initiative
    assert page.locator("h1").inner_text().startswith("Tour de France des réseaux")
    assert "33" in page.locator(".counts").inner_text()
    # No tile server in the tests: France and its neighbours are drawn from our own file.
    background = page.locator(".leaflet-offline-background-pane canvas")
    background.wait_for(state="attached")
    # Drawn on one canvas: count the pixels painted in the land colour (#fbfaf6).
    page.wait_for_function("""() => {
        const canvas = document.querySelector('.leaflet-offline-background-pane canvas');
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let land = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i] === 251 && data[i + 1] === 250 && data[i + 2] === 246) land++;
        return land > data.length / 40;
    }""")
    assert "Natural Earth" in page.locator(".leaflet-control-attribution").inner_text()
    screenshot("home")
    assert axe() == []
    assert page.foreign_requests == []
    assert page.console_errors == []


def test_a_shared_view_loads_only_what_it_shows(page, live_server, sample_map):
    """A link with a view draws that view's clusters, held by the page (test_first_request.py),
    and asks for nothing: not the default view's first, nor the same view again."""
    zooms = []
    page.on("request", lambda r: "/api/v1/clusters/" in r.url and zooms.append(parse_qs(urlsplit(r.url).query)["zoom"]))
    page.goto(live_server.url + "/?lat=48.2&lon=-3.0&z=8")
    wait_for_map(page)
    page.wait_for_timeout(400)  # past the debounce of a moveend that should not come
    assert zooms == []
    assert page.locator(".initiative-icon, .cluster-icon").count() > 0


def test_a_theme_filter_reduces_what_is_shown_and_the_url_reproduces_it(page, live_server, sample_map, browser):
    page.goto(live_server.url + "/")
    wait_for_map(page)
    before = shown(page)
    with page.expect_response(re.compile(r"/api/v1/clusters/\?.*theme=tiers-lieux")):
        page.get_by_label("Tiers-lieux et fabrication").check()
    page.wait_for_timeout(300)
    after = shown(page)
    assert 0 < after < before
    assert "theme=tiers-lieux" in page.url

    elsewhere = new_context(browser)
    other = elsewhere.new_page()
    other.goto(page.url)
    wait_for_map(other)
    assert other.get_by_label("Tiers-lieux et fabrication").is_checked()
    assert shown(other) == after
    close_when_idle(elsewhere)


def test_searching_maison_du_libre_finds_it_and_opens_its_popup(page, live_server, sample_map, screenshot):
    page.goto(live_server.url + "/")
    wait_for_map(page)
    page.get_by_label("Rechercher une initiative").fill("Maison du libre")
    option = page.get_by_role("option", name=re.compile("Maison du libre"))
    option.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Maison du libre" in popup.inner_text()
    assert popup.get_by_role("link", name="Voir la fiche").get_attribute("href") == "/initiatives/maison-du-libre/"
    screenshot("search")


def test_the_panel_works_with_the_keyboard(page, live_server, sample_map):
    page.goto(live_server.url + "/")
    wait_for_map(page)
    page.keyboard.press("Tab")  # skip link first
    assert page.evaluate("document.activeElement.className").startswith("visually-hidden-focusable")
    page.get_by_label("Rechercher une initiative").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.name, document.activeElement.type]")
    assert focused == ["theme", "checkbox"]
    with page.expect_response(re.compile(r"/api/v1/clusters/\?.*theme=")):
        page.keyboard.press("Space")
    assert "theme=" in page.url


def test_user_text_is_shown_as_text_and_never_runs(page, live_server, sample_map, screenshot):
    make_initiative(slug="xss", name=XSS, summary=XSS, at=(2.35, 48.85))
    page.goto(live_server.url + "/?lat=48.85&lon=2.35&z=12")
    wait_for_map(page)
    page.locator(".initiative-icon").first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert XSS in popup.inner_text()
    assert page.locator(".leaflet-popup-content img, .leaflet-popup-content script").count() == 0
    page.goto(live_server.url + "/initiatives/xss/")
    assert page.locator("h1").inner_text() == XSS
    page.wait_for_timeout(500)
    screenshot("xss-as-text")
    assert page.dialogs == []


def test_garbage_in_the_url_opens_the_map_and_says_what_was_ignored(page, live_server, sample_map):
    page.goto(live_server.url + "/?bbox=1,2&theme=<b>&z=banana&foo=bar&kind=place")
    wait_for_map(page)
    notice = page.locator(".notice").inner_text()
    for name in ("foo", "theme", "z"):
        assert name in notice
    assert page.get_by_label("Lieu (tiers-lieu, fablab…)").is_checked()


def test_several_values_in_the_url_survive_a_change_of_another_filter(page, live_server, sample_map):
    page.goto(live_server.url + "/?region=53&region=84&network=coop-group&network=anim-fr")
    wait_for_map(page)
    territory, network = page.locator("#territory-select"), page.locator("#network-select")
    assert territory.evaluate("s => s.selectedOptions[0].textContent") == "Bretagne + Auvergne-Rhône-Alpes"
    assert network.evaluate("s => s.selectedOptions[0].textContent") == "Coop Group + Anim-fr"
    with page.expect_response(re.compile(r"/api/v1/clusters/\?.*kind=place")):
        page.get_by_label("Lieu (tiers-lieu, fablab…)").check()
    for kept in ("region=53", "region=84", "network=coop-group", "network=anim-fr", "kind=place"):
        assert kept in page.url
    with page.expect_response(re.compile(r"/api/v1/clusters/\?.*region=53")):
        territory.select_option(label="Bretagne")
    assert "region=53" in page.url and "region=84" not in page.url and "network=anim-fr" in page.url
    with page.expect_response(re.compile(r"/api/v1/clusters/\?zoom=")):  # no filter left
        page.get_by_role("button", name="Tout effacer").click()
    assert "network=" not in page.url
    assert network.evaluate("s => [...s.options].some(o => o.value === 'several')") is False
    page.wait_for_timeout(300)
    # Choosing Bretagne fitted the map to it (js/territory-fit.js); the reset keeps that view
    # and shows everything in it, as a fresh page of the same view without filters does.
    after_reset = shown(page)
    page.goto(page.url)
    wait_for_map(page)
    page.wait_for_timeout(300)
    assert after_reset == shown(page) > 0


def test_an_unknown_network_in_the_url_is_reported_not_applied(page, live_server, sample_map):
    page.goto(live_server.url + "/?network=nexiste-pas")
    wait_for_map(page)
    assert "network" in page.locator(".notice").inner_text()
    assert page.locator("#network-select").input_value() == ""
    assert shown(page) == 17  # the whole map, as "Tous les réseaux" says
    assert "network=" not in page.url


def test_the_initiative_page_shows_its_networks_and_a_network_its_members(page, live_server, sample_map, screenshot, axe):
    page.goto(live_server.url + "/initiatives/anim-fr/")
    assert page.get_by_role("link", name="Coop Group").is_visible()
    screenshot("initiative")
    assert axe() == []
    page.goto(live_server.url + "/initiatives/coop-group/")
    members = page.locator("ul.members")
    assert "Anim-fr" in members.inner_text()
    page.goto(live_server.url + "/initiatives/maison-du-libre/")
    wait_for_map(page)
    assert page.locator(".initiative-icon").count() == 1
    page.locator(".initiative-icon").click()
    assert page.locator(".leaflet-popup-content .kind").text_content() == "Lieu (tiers-lieu, fablab…)"
    ld = page.locator('script[type="application/ld+json"]').inner_text()
    assert '"name": "Maison du libre"' in ld
    assert page.foreign_requests == []


def test_a_missing_slug_is_a_helpful_404(page, live_server, sample_map):
    response = page.goto(live_server.url + "/initiatives/nexiste-pas/")
    assert response.status == 404
    box = page.get_by_label("Rechercher une initiative")
    box.fill("Maison du libre")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/\?q=Maison"))
    wait_for_map(page)
    assert page.get_by_label("Rechercher une initiative").input_value() == "Maison du libre"
    assert 0 < shown(page) < 17  # the map is filtered by what was searched


@pytest.fixture
def other_origin(tmp_path, live_server):
    """A partner's page on another origin (another port), embedding our map in an iframe."""
    (tmp_path / "partner.html").write_text(
        f'<!doctype html><html lang="fr"><title>Partenaire</title><link rel="icon" href="data:,"><h1>Notre réseau</h1>'
        f'<iframe src="{live_server.url}/embed/?theme=communs" title="Carte" width="800" height="500"></iframe>'
    )
    server = HTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/partner.html"
    server.shutdown()


def test_the_embed_works_in_an_iframe_of_another_origin(page, live_server, sample_map, other_origin, screenshot, axe):
    page.goto(other_origin)
    frame = page.frame_locator("iframe")
    frame.locator("body[data-loaded='true']").wait_for(timeout=15000)
    assert frame.locator(".initiative-icon, .cluster-icon").count() > 0
    screenshot("embed")

    # Our pages refuse to be framed: from the embed, they open in a new tab, never in the frame.
    frame.locator('.initiative-icon[title="Framasoft"]').click()
    popup = frame.locator(".leaflet-popup-content")
    assert popup.locator(".kind").text_content() == "Collectif ou association"  # not the code "collective"
    link = popup.get_by_role("link", name="Voir la fiche")
    assert (link.get_attribute("target"), link.get_attribute("rel")) == ("_blank", "noopener")
    with page.context.expect_page() as opened:
        link.click()
    tab = opened.value
    tab.wait_for_load_state()
    assert tab.url == live_server.url + "/initiatives/framasoft/"
    assert tab.locator("h1").inner_text() == "Framasoft"
    frame.locator(".cluster-icon").first.click()  # Brest: four at the town centre, as a list
    listed = frame.locator(".leaflet-popup-content ul.same-place a")
    listed.first.wait_for()
    assert {listed.nth(i).get_attribute("target") for i in range(listed.count())} == {"_blank"}
    assert frame.locator("body[data-loaded='true']").count() == 1  # the frame still shows the map
    partner = "{0.scheme}://{0.netloc}/".format(urlsplit(other_origin))
    assert [url for url in page.foreign_requests if not url.startswith(partner)] == []
    assert page.console_errors == []

    page.goto(live_server.url + "/embed/?theme=communs")
    wait_for_map(page)
    assert axe() == []


def test_initiatives_at_the_same_spot_open_as_a_list(page, live_server, sample_map):
    page.goto(live_server.url + "/?lat=48.39&lon=-4.49&z=15")  # Brest: 8 placed at the town centre
    wait_for_map(page)
    # Named for screen readers by its town, on the map and in the list.
    name = "8 initiatives au même endroit, à Brest : afficher la liste"
    assert page.locator(".cluster-icon").first.get_attribute("title") == name
    assert page.locator("#in-view-list").get_by_role("button", name=name).count() == 1
    page.locator(".cluster-icon").first.click()
    popup = page.locator(".leaflet-popup-content ul.same-place")
    popup.get_by_role("link", name="Maison du libre").wait_for()
    assert popup.locator("li").count() == 8


def test_on_a_phone_the_panel_folds_away(browser, live_server, sample_map):
    context = new_context(browser, viewport={"width": 390, "height": 800}, locale="fr-FR")
    page = context.new_page()
    page.goto(live_server.url + "/")
    wait_for_map(page)
    toggle = page.get_by_role("button", name="Filtres et liste")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.locator("#panel").is_visible()
    toggle.click()
    assert page.locator("#panel").is_visible()
    page.screenshot(path=str(Path(__file__).resolve().parent.parent / "screenshots" / "phone-panel.png"))
    close_when_idle(context)
