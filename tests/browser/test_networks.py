"""A network on the map, its page, the network of networks: what a person does, in a real
Chromium against the real server."""

import re

import pytest

from tests.browser.conftest import wait_for_map
from tests.factories import LILLE, LYON, make_initiative, make_network

pytestmark = pytest.mark.browser

MAP_BOUNDS = "() => { const b = document.querySelector('.folium-map').leafletMap.getBounds();" \
    " return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }"


@pytest.fixture
def seatless_networks(transactional_db):
    """A seatless network with members in Lille and Lyon, and one whose only member is an
    online network (no position anywhere)."""
    placed = make_network(name="Réseau des deux villes", slug="deux-villes")
    make_initiative(name="Atelier lillois", at=LILLE, networks=[placed])
    make_initiative(name="Fabrique lyonnaise", at=LYON, networks=[placed])
    unplaced = make_network(name="Réseau en ligne", slug="en-ligne")
    make_network(name="Forum en ligne", networks=[unplaced])
    return placed, unplaced


def test_choosing_a_seatless_network_shows_and_fits_its_members(page, live_server, seatless_networks, axe):
    page.goto(live_server.url + "/?lat=43.3&lon=-1.5&z=11")  # Biarritz: neither member in view
    wait_for_map(page)
    assert page.locator(".initiative-icon").count() == 0
    # Every published network is offered, and the seatless ones are listed.
    assert page.locator("#network-select option[value='en-ligne']").count() == 1
    assert page.locator("#seatless-list").inner_text().count("Réseau") == 2

    page.get_by_role("combobox", name="Réseau", exact=True).fill("deux vil")  # the panel's searchable network filter
    page.get_by_role("option", name=re.compile("Réseau des deux villes")).click()
    page.wait_for_selector("body[data-footprint='placed']")
    page.wait_for_function("() => document.querySelectorAll('.initiative-icon, .cluster-icon').length > 0")
    west, south, east, north = page.evaluate(MAP_BOUNDS)
    assert west < LILLE[0] < east and south < LILLE[1] < north
    assert west < LYON[0] < east and south < LYON[1] < north
    assert "Les 2 membres de « Réseau des deux villes » sont sur la carte." in page.locator("#network-footprint").inner_text()
    assert "network=deux-villes" in page.url
    assert axe() == []
    assert page.console_errors == []


def test_a_network_without_placed_members_says_so(page, live_server, seatless_networks):
    page.goto(live_server.url + "/?network=en-ligne")
    wait_for_map(page)
    page.wait_for_selector("body[data-footprint='unplaced']")
    status = page.locator("#network-footprint")
    assert status.inner_text().startswith("Le seul membre de « Réseau en ligne » n’a pas de position")
    assert status.get_by_role("link", name="Voir la page du réseau").get_attribute("href").endswith("/initiatives/en-ligne/")
    assert page.console_errors == []


@pytest.fixture
def sample_map(transactional_db):
    from django.core.management import call_command

    call_command("load_sample_data", verbosity=0)


def test_the_graph_page_draws_every_network_and_its_table(page, live_server, sample_map, screenshot, axe):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(live_server.url + "/reseaux/")
    wait_for_map(page)
    rows = page.locator(".graph-table tbody tr")
    nodes = page.locator("#network-graph .graph-node")
    from initiatives.models import Initiative

    assert nodes.count() == rows.count() == Initiative.objects.published().networks().count() > 0
    # The directed membership Anim-fr -> Coop Group is drawn and said in the table.
    assert page.locator("#network-graph line.membership").count() == 2  # anim-fr in coop-group, cyou1 in cyou
    anim = page.locator(".graph-table tbody tr", has=page.get_by_role("link", name="Anim-fr", exact=True))
    assert "Coop Group" in anim.inner_text()
    screenshot("network-graph-1366")
    assert axe() == []
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    wait_for_map(page)
    screenshot("network-graph-390")
    assert page.console_errors == []
    assert page.foreign_requests == []


def test_every_node_s_details_are_reachable_by_keyboard(page, live_server, sample_map):
    page.goto(live_server.url + "/reseaux/")
    wait_for_map(page)
    names = page.locator("#network-graph .graph-node text").all_text_contents()
    page.locator("#graph-theme").focus()
    page.keyboard.press("Tab")  # the region filter
    page.keyboard.press("Tab")  # its button
    seen = []
    for _ in names:
        page.keyboard.press("Tab")
        seen.append(page.locator("#graph-details h2").inner_text())
    assert sorted(seen) == sorted(names)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/initiatives/**")


def test_a_theme_filters_the_graph_and_the_table_alike(page, live_server, sample_map):
    page.goto(live_server.url + "/reseaux/")
    wait_for_map(page)
    every = page.locator(".graph-table tbody tr").count()
    page.select_option("#graph-theme", "communs")  # the page comes back with the filter
    page.wait_for_url("**/reseaux/?theme=communs**")
    wait_for_map(page)
    drawn = sorted(page.locator("#network-graph .graph-node text").all_text_contents())
    listed = sorted(page.locator(".graph-table tbody tr th").all_inner_texts())
    assert 0 < len(drawn) < every
    assert drawn == listed
    assert page.locator("#graph-theme").input_value() == "communs"


def test_a_network_page_shows_its_footprint_and_crossings(page, live_server, seatless_networks, screenshot, axe):
    placed, _unplaced = seatless_networks
    make_initiative(name="Atelier partagé", at=LILLE, networks=[placed, make_network(name="Autre réseau")])
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(live_server.url + "/initiatives/deux-villes/")
    wait_for_map(page)
    # Its 3 members, at any depth, as the clusters API groups them: the two in Lille share a point.
    alone = page.locator(".small-map .initiative-icon").count()
    grouped = sum(int(n) for n in page.locator(".small-map .cluster-icon").all_inner_texts())
    assert alone + grouped == 3 and alone >= 1
    assert "Autre réseau" in page.locator("table.crossings").inner_text()
    assert "1 de ses 3 membres" in page.locator(".multi-membership").inner_text()
    screenshot("network-page-1366")
    assert axe() == []
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    wait_for_map(page)
    screenshot("network-page-390")
    assert page.console_errors == []


def test_a_territory_page_maps_its_initiatives(page, live_server, sample_map, screenshot, axe):
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(live_server.url + "/territoires/region/53/")
    wait_for_map(page)
    assert page.locator(".small-map .initiative-icon, .small-map .cluster-icon").count() > 0
    screenshot("territory-1366")
    assert axe() == []
    page.get_by_role("link", name=re.compile("→")).click()
    page.wait_for_url("**/territoires/region/**")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/territoires/region/53/")
    wait_for_map(page)
    screenshot("territory-390")
    assert page.console_errors == []
    assert page.foreign_requests == []


def test_the_overview_draws_a_symbol_per_territory_reachable_by_keyboard(page, live_server, sample_map, screenshot, axe):
    from initiatives.indicators import territory_list

    rows = {(r["kind"], r["code"]): r for r in territory_list()}
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(live_server.url + "/territoires/")
    page.wait_for_selector("body[data-loaded='true']")
    symbols = page.locator("#territory-map a.symbol")
    assert symbols.count() == 18
    assert page.locator("#territory-map path.france").count() == 1  # the outline, from our origin
    # The biggest region's circle is the largest, and its name says its figures.
    biggest = max((r for r in rows.values() if r["kind"] == "region"), key=lambda r: r["initiative_count"])
    radii = {a.get_attribute("data-code"): float(a.locator("circle").get_attribute("r")) for a in symbols.all()}
    assert max(radii, key=radii.get) == biggest["code"]
    label = page.locator(f"#territory-map a.symbol[data-code='{biggest['code']}']").get_attribute("aria-label")
    assert label.startswith(f"{biggest['name']} — {biggest['initiative_count']} initiatives")
    screenshot("territories-1366")
    assert axe() == []

    page.get_by_label("Départements").check()
    page.get_by_label("Réseaux présents").check()
    assert symbols.count() == 101
    finistere = page.locator("#territory-map a.symbol[data-code='29']")
    assert f"{rows[('departement', '29')]['network_count']} réseaux" in finistere.get_attribute("aria-label")
    finistere.focus()
    assert page.locator("#territory-map-details").inner_text().startswith("Finistère — ")
    page.keyboard.press("Enter")
    page.wait_for_url("**/territoires/departement/29/")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/territoires/")
    page.wait_for_selector("body[data-loaded='true']")
    screenshot("territories-390")
    assert page.console_errors == []
    assert page.foreign_requests == []
