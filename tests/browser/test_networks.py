"""A network on the map, its page, the network of networks: what a person does, in a real
Chromium against the real server."""

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

    page.select_option("#network-select", "deux-villes")
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

