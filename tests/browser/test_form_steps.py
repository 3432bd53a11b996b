"""The contribution form in steps on a phone: required fields marked, one step at a time,
the position told as text (coordinates and codes under "Avancé"), networks searchable, the
server's errors leading to their step — and the same page working without JavaScript."""

import re

import pytest
from django.core.management import call_command

from tests.browser.conftest import SCREENSHOTS, close_when_idle, new_context

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def sample_map(transactional_db):
    call_command("load_sample_data", verbosity=0)


def test_the_form_goes_step_by_step_and_errors_lead_to_their_step(browser, live_server, sample_map):
    context = new_context(browser, viewport=PHONE, locale="fr-FR")
    page = context.new_page()
    page.goto(live_server.url + "/contribuer/")
    page.wait_for_selector("body[data-loaded='true']")
    steps = page.locator(".steps-nav button")
    assert [" ".join(text.split()) for text in steps.all_inner_texts()] == ["1 Qui ou quoi ?", "2 Où ?", "3 Thèmes et réseaux", "4 Sur le web", "5 Vérifier et envoyer"]
    assert page.locator("#step-what").is_visible() and page.locator("#step-where").is_hidden()
    assert page.locator("label[for='id_name']").get_attribute("class") == "required"
    assert page.evaluate("getComputedStyle(document.querySelector('label[for=id_name]'), '::after').content") == '" *"'

    page.get_by_role("button", name="Suivant : Où ?").click()
    assert page.locator("#step-where").is_visible() and page.locator("#step-what").is_hidden()
    assert page.evaluate("document.activeElement.id") == "where-title"
    assert page.locator("#position-text").inner_text().startswith("Pas encore de position")
    assert page.locator("#id_lon").is_hidden()  # coordinates and codes: under "Avancé" only
    page.get_by_text("Avancé : coordonnées et codes").click()
    assert page.locator("#id_lon").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "phone-form-where.png"))

    page.get_by_role("button", name="Suivant : Thèmes et réseaux").click()
    search = page.get_by_label("Chercher un réseau")
    search.fill("anim")
    networks = page.locator("#network-choices li:visible")
    assert [t.strip() for t in networks.all_inner_texts()] == ["Anim-fr", "Animacoop"]
    search.fill("ÀNIM-FR")  # accents and case do not matter
    assert [t.strip() for t in networks.all_inner_texts()] == ["Anim-fr"]
    page.get_by_label("Anim-fr").check()
    assert page.locator("#network-chosen").inner_text() == "Choisis : Anim-fr"
    assert page.evaluate("document.querySelector('#network-choices').scrollWidth <= document.querySelector('#network-choices').clientWidth")

    page.locator(".steps-nav button", has_text="Vérifier et envoyer").click()
    review = page.locator("#review").inner_text()
    assert "Anim-fr" in review and "(non renseigné)" in review
    page.get_by_role("button", name="Envoyer", exact=True).click()

    # Refused by the server (no name, no kind, no position): the first error's step is shown.
    summary = page.locator("#error-summary")
    summary.wait_for()
    page.wait_for_selector("body[data-loaded='true']")
    assert page.locator("#step-what").is_visible()
    assert "Nom : Ce champ est obligatoire." in summary.inner_text()
    assert page.get_by_label("Anim-fr").is_checked()  # what was chosen is kept
    position_error = summary.get_by_role("link", name=re.compile("^Longitude"))
    position_error.click()
    assert page.locator("#step-where").is_visible()
    assert page.locator("#id_lon").is_visible()  # "Avancé" opens by itself on its own errors
    close_when_idle(context)


def test_without_javascript_the_form_is_one_page_and_still_works(browser, live_server, sample_map):
    context = new_context(browser, viewport=PHONE, locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/contribuer/")
    for step in ("#step-what", "#step-where", "#step-themes", "#step-links", "#step-send"):
        assert page.locator(step).is_visible()
    assert page.locator(".steps-nav").is_hidden()  # no step navigation without JavaScript
    page.locator("#id_name").fill("Atelier sans script")
    page.get_by_label("Lieu (tiers-lieu, fablab…)").check()
    page.locator("#id_scope").select_option("local")
    page.get_by_text("Avancé : coordonnées et codes").click()
    page.locator("#id_lon").fill("-4.4861")
    page.locator("#id_lat").fill("48.3904")
    page.get_by_role("button", name="Envoyer", exact=True).click()
    page.wait_for_url(re.compile(r"/contribuer/merci/"))
    close_when_idle(context)
