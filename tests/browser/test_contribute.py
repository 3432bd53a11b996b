"""Contributing in a real Chromium against the real server: placing an initiative with the town
box and the map, sending it, seeing it once approved; two tabs correcting the same initiative."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from initiatives import services
from initiatives.models import Initiative, Revision
from tests.browser.conftest import close_when_idle, in_form, new_context, wait_for_map

pytestmark = pytest.mark.browser


@pytest.fixture
def sample_map(transactional_db):
    call_command("load_sample_data", verbosity=0)
    cache.clear()  # the anonymous rate limit counts in the cache table, which flushes keep


def log_in(context, user, live_server):
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])


def trusted(username):
    user = User.objects.create_user(username, password="x")
    user.groups.add(Group.objects.get_or_create(name="trusted")[0])
    return user


def test_an_anonymous_addition_placed_with_the_town_box_and_the_map_appears_once_approved(
    page, live_server, sample_map, screenshot, axe
):
    page.goto(live_server.url + "/contribuer/")
    page.wait_for_selector("body[data-loaded='true']")
    assert axe() == []
    in_form(page, page.get_by_role("button", name="Envoyer", exact=True, include_hidden=True)).click()  # empty: the errors, summed up and focused
    page.wait_for_selector("body[data-loaded='true']")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert "Nom : Ce champ est obligatoire." in page.locator("#error-summary").inner_text()
    assert page.locator("#id_name").get_attribute("aria-invalid") == "true"
    assert axe() == []

    page.locator("#id_name").fill("La Maison du Libre")  # no place yet: nothing to compare with

    in_form(page, page.get_by_label("Commune, code postal ou adresse")).press_sequentially("Brest", delay=30)
    page.get_by_role("option", name=re.compile("^Brest")).first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.locator(".placed-icon").wait_for()
    assert page.locator("#id_lon_error").count() == 0  # the "place it" error is gone
    assert page.locator("#id_lon").get_attribute("aria-invalid") is None
    assert page.locator("#id_commune").input_value() == "Brest"
    assert page.locator("#id_insee_code").input_value() == "29019"
    assert page.locator("#id_department_code").input_value() == "29"
    assert page.locator("#id_region_code").input_value() == "53"
    assert page.locator("#id_location_precision").input_value() == "commune"
    town_centre = float(page.locator("#id_lon").input_value())

    # Placed in Brest, it looks like the Maison du libre there: the server's reasons, and a way to correct it.
    duplicates = page.locator("#duplicates")
    in_form(page, duplicates)
    duplicates.get_by_role("link", name=re.compile("Maison du libre")).wait_for()
    assert "Existe peut-être déjà" in duplicates.inner_text()
    assert "même commune, nom semblable à" in duplicates.inner_text()
    assert duplicates.get_by_role("link", name="Corriger cette fiche").get_attribute("href") == "/initiatives/maison-du-libre/modifier/"
    page.locator("#id_name").fill("Atelier vélo du Ponant")
    duplicates.wait_for(state="hidden")
    in_form(page, "#place-input")

    the_map = page.locator(".place-map .folium-map")
    box = the_map.bounding_box()
    with page.expect_response(re.compile(r"/api/v1/geocode/reverse/")):
        the_map.click(position={"x": box["width"] / 2 + 60, "y": box["height"] / 2 + 30})
    # A locator, not wait_for_function: its polling evaluates a string, which the page's CSP
    # refuses (no 'unsafe-eval') whenever the answer is not already there.
    page.locator("#place-status", has_text="Commune déduite").wait_for()
    lon, lat = float(page.locator("#id_lon").input_value()), float(page.locator("#id_lat").input_value())
    assert lon > town_centre and page.locator("#id_location_precision").input_value() == "exact"
    assert "approximativement" in page.locator("#place-status").inner_text()

    in_form(page, page.get_by_label("Lieu (tiers-lieu, fablab…)")).check()
    in_form(page, page.locator("#id_scope")).select_option("local")
    in_form(page, page.get_by_label("Tiers-lieux et fabrication")).check()
    in_form(page, page.locator("#id_summary")).fill("Réparer son vélo ensemble, le samedi.")
    in_form(page, page.locator("#id_link_label_0")).fill("Agenda")
    in_form(page, page.locator("#id_link_url_0")).fill("https://agenda.example.org/velo")
    in_form(page, "#where-title").scroll_into_view_if_needed()
    screenshot("contribute")
    in_form(page, page.get_by_role("button", name="Envoyer", exact=True, include_hidden=True)).click()
    page.wait_for_url(re.compile(r"/contribuer/merci/"))
    assert "envoyée à la modération" in page.locator("main").inner_text()

    revision = Revision.objects.get(initiative__name="Atelier vélo du Ponant")
    moderator = User.objects.create_user("moderatrice", is_staff=True)
    services.approve(revision=revision, moderator=moderator)
    initiative = Initiative.objects.get(pk=revision.initiative_id)
    assert initiative.location.x == pytest.approx(lon, abs=1e-6)

    page.goto(f"{live_server.url}/?lat={lat}&lon={lon}&z=14")
    wait_for_map(page)
    assert page.locator('.initiative-icon[title="Atelier vélo du Ponant"]').count() == 1
    page.goto(f"{live_server.url}/initiatives/{initiative.slug}/")
    assert page.locator("h1").inner_text() == "Atelier vélo du Ponant"
    assert page.foreign_requests == []
    assert page.dialogs == []
    assert page.console_errors == []


def test_two_tabs_correcting_the_same_initiative_merge_on_the_second_submit(
    page, browser, live_server, sample_map, screenshot
):
    edit_url = live_server.url + "/initiatives/maison-du-libre/modifier/"
    first = new_context(browser, locale="fr-FR")
    log_in(first, trusted("premiere"), live_server)
    log_in(page.context, trusted("seconde"), live_server)
    other = first.new_page()
    other.goto(edit_url)
    page.goto(edit_url)

    in_form(other, other.locator("#id_summary")).fill("Le résumé de la première personne.")
    in_form(other, other.locator("#id_website")).fill("https://premiere.example.org")
    in_form(other, other.get_by_role("button", name="Proposer cette correction", include_hidden=True)).click()
    other.wait_for_url(re.compile(r"/contribuer/merci/"))
    assert "C’est publié" in other.locator("main").inner_text()
    close_when_idle(first)

    in_form(page, page.locator("#id_summary")).fill("Le résumé de la seconde personne.")
    in_form(page, page.locator("#id_description")).fill("Une description toute neuve.")
    in_form(page, page.get_by_role("button", name="Proposer cette correction", include_hidden=True)).click()
    page.locator("h1", has_text="a changé pendant que vous la corrigiez").wait_for()
    merged = page.locator("ul.merged").inner_text()
    assert "Site web : la modification publiée entre-temps est conservée" in merged
    assert "Description : votre modification est conservée" in merged
    conflict = page.locator("fieldset.conflict")
    assert conflict.count() == 1 and conflict.locator("legend").inner_text() == "Résumé"
    page.get_by_role("radio", name=re.compile("Garder la mienne")).check()
    screenshot("conflict")
    page.get_by_role("button", name="Envoyer la version fusionnée").click()
    page.wait_for_url(re.compile(r"/contribuer/merci/"))
    assert "C’est publié" in page.locator("main").inner_text()

    maison = Initiative.objects.get(slug="maison-du-libre")
    assert maison.summary == "Le résumé de la seconde personne."
    assert maison.website == "https://premiere.example.org"
    assert maison.description == "Une description toute neuve."
    assert page.foreign_requests == []
    assert page.dialogs == []
