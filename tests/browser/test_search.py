"""The map's search box speaks the map's language, and the network filter finds any network:
what a person does, in a real Chromium against the real server."""

import re

import pytest
from django.core.management import call_command

from tests.browser.conftest import wait_for_map
from tests.factories import BREST, make_initiative, make_network

pytestmark = pytest.mark.browser

MAP_BOUNDS = "() => { const b = document.querySelector('.folium-map').leafletMap.getBounds();" \
    " return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }"


@pytest.fixture
def sample_map(transactional_db):
    call_command("load_sample_data", verbosity=0)


def bounds_after_moving(page):
    page.wait_for_timeout(600)  # past the fit's animation and the moveend debounce
    return page.evaluate(MAP_BOUNDS)


def test_a_typo_in_a_town_still_moves_the_map_there(page, live_server, sample_map):
    page.goto(live_server.url + "/?lat=45.76&lon=4.83&z=11")  # Lyon
    wait_for_map(page)
    page.get_by_label("Rechercher une initiative").fill("brst")
    option = page.get_by_role("option", name=re.compile(r"Brest \(29\)"))
    option.wait_for()
    assert page.get_by_role("option").first.inner_text().startswith("Brest (29)")
    page.keyboard.press("Enter")  # the first option
    page.wait_for_function("() => /lat=48\\.3\\d*&lon=-4\\.[45]/.test(location.search)")
    west, south, east, north = bounds_after_moving(page)
    assert west < BREST[0] < east and south < BREST[1] < north
    assert east - west < 1  # a town's zoom, not the whole region
    assert page.get_by_label("Rechercher une initiative").input_value() == ""  # a place, not words to search
    assert page.console_errors == []


def test_communs_bretagne_sets_the_theme_and_fits_bretagne(page, live_server, sample_map, axe):
    page.goto(live_server.url + "/?lat=45.76&lon=4.83&z=11")
    wait_for_map(page)
    page.get_by_label("Rechercher une initiative").fill("communs bretagne")
    first = page.get_by_role("option").first
    page.get_by_role("option", name=re.compile("Thème Communs")).wait_for()
    assert first.inner_text() == "Thème Communs — en Bretagne"
    assert page.get_by_role("option", name=re.compile(r"^Bretagne — région")).count() == 1
    assert axe() == []
    with page.expect_response(re.compile(r"/api/v1/clusters/\?theme=communs.*region=53")):
        first.click()
    assert page.get_by_label("Communs", exact=True).is_checked()
    assert page.locator("#territory-select").input_value() == "region:53"
    west, south, east, north = bounds_after_moving(page)
    assert west < -4.7 and east > -1.5 and south < 47.5 and north > 48.6  # Ouessant to Rennes
    assert east - west < 8  # Bretagne, not France
    assert "theme=communs" in page.url and "region=53" in page.url
    assert page.console_errors == []


def test_choosing_a_territory_in_the_menu_fits_the_map_to_it(page, live_server, sample_map):
    page.goto(live_server.url + "/?lat=45.76&lon=4.83&z=11")
    wait_for_map(page)
    with page.expect_response(re.compile(r"/api/v1/territories/$")):
        page.locator("#territory-select").select_option("department:29")
    west, south, east, north = bounds_after_moving(page)
    assert west < -4.7 and east > -3.6 and south < 47.9 and north > 48.6  # the Finistère
    assert east - west < 4


def test_the_network_filter_finds_a_network_beyond_the_panel_s_list(page, live_server, sample_map, monkeypatch):
    from frontend.views import map as map_view

    hidden = make_network(slug="petit-reseau", name="Le Petit Réseau <i>coopératif</i>")
    make_initiative(name="Membre brestois", at=BREST, networks=[hidden])
    monkeypatch.setattr(map_view, "PANEL_NETWORKS", 1)  # the panel's select holds the biggest only
    page.goto(live_server.url + "/")
    wait_for_map(page)
    assert page.locator("#network-select option[value='petit-reseau']").count() == 0
    box = page.get_by_role("combobox", name="Réseau", exact=True)
    box.fill("petit resau")  # accents and a typo forgiven
    page.get_by_role("option", name=re.compile("Le Petit Réseau")).click()
    page.wait_for_selector("body[data-footprint='placed']")
    assert "network=petit-reseau" in page.url
    assert box.input_value() == "Le Petit Réseau <i>coopératif</i>"  # text, never HTML
    assert page.locator("#filters i").count() == 0
    box.fill("")  # emptied: every network again
    page.wait_for_function("() => !location.search.includes('network=')")
    assert page.console_errors == []
