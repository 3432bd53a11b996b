"""Moderating in a real Chromium: log in, decide in the queue, see the map change; user text
stays text in the queue, the history and the Atom feed."""

import html
import json
import re
from urllib.request import urlopen
from xml.etree import ElementTree

import pytest
from django.core.cache import cache

from initiatives import services
from initiatives.models import Initiative, Revision
from tests.browser.conftest import in_form, wait_for_map
from tests.factories import make_initiative
from tests.factories import PASSWORD, edited, make_user, proposal

pytestmark = pytest.mark.browser

XSS = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
LYON_VIEW = "/?lat=45.764&lon=4.8357&z="
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def moderator(transactional_db):
    return make_user("morgane", role="moderator")


def log_in(page, live_server, username, then):
    page.goto(f"{live_server.url}/comptes/login/?next={then}")
    page.get_by_label("Nom d’utilisateur :", exact=True).fill(username)
    page.get_by_label("Mot de passe :", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server.url}{then}")


def test_a_moderator_approves_an_anonymous_proposal_and_it_appears_on_the_map(page, live_server, moderator, screenshot, axe):
    outcome = services.propose_initiative(data=proposal(), email="auteur@example.org")
    # Each visit uses its own zoom: the API's responses may be cached by the browser for a minute.
    page.goto(live_server.url + LYON_VIEW + "11")
    wait_for_map(page)
    assert page.locator(".initiative-icon").count() == 0

    log_in(page, live_server, "morgane", then="/moderation/")
    item = page.locator(f"#revision-{outcome.revision.pk}")
    assert "Fabrique Zéphyr" in item.inner_text() and "anonyme" in item.inner_text()
    assert "auteur@example.org" not in page.content()
    screenshot("moderation")
    assert axe() == []
    item.get_by_role("button", name="Approuver").click()
    page.wait_for_url(f"{live_server.url}/moderation/")
    assert "« Fabrique Zéphyr » : proposition approuvée et publiée." in page.locator(".messages").inner_text()

    page.goto(live_server.url + LYON_VIEW + "12")
    wait_for_map(page)
    page.locator(".initiative-icon").first.click()
    assert "Fabrique Zéphyr" in page.locator(".leaflet-popup-content").inner_text()
    assert page.foreign_requests == [] and page.console_errors == []


def test_user_text_in_a_proposal_shows_as_text_in_the_queue_the_history_and_the_feed(page, live_server, moderator, screenshot, axe):
    initiative = make_initiative(slug="tiers-lieu", name="Tiers-lieu")
    services.record_import(initiative)
    services.propose_change(initiative=initiative, data=edited(initiative, name=XSS, summary=XSS, description=XSS),
                            base_version=initiative.version, author=moderator, summary=XSS)  # fmt: skip
    initiative.refresh_from_db()
    pending = services.propose_change(initiative=initiative, data=edited(initiative, commune=XSS),
                                      base_version=initiative.version, summary=XSS).revision  # fmt: skip

    log_in(page, live_server, "morgane", then="/moderation/")
    item = page.locator(f"#revision-{pending.pk}")
    assert item.locator("h3").inner_text() == XSS
    assert item.locator(".diff td.new").inner_text() == XSS
    assert item.locator("img, script").count() == 0

    page.goto(live_server.url + "/initiatives/tiers-lieu/historique/")
    assert page.locator("h1").inner_text() == f"Historique de « {XSS} »"
    assert page.locator(".revision").count() == 3  # moderators see the pending one too
    name_row = page.locator(".revision").nth(1).locator("tr", has_text="Nom")
    assert name_row.locator("td.new").inner_text() == XSS
    assert page.locator("main img, main script").count() == 0
    screenshot("history")
    assert axe() == []

    # What a feed reader does: parse the Atom, render each summary as the HTML it declares.
    feed = page.evaluate("""async () => {
        const xml = await (await fetch('/modifications/atom/')).text();
        const entry = new DOMParser().parseFromString(xml, 'application/xml').querySelector('entry');
        const shown = document.createElement('div');
        shown.innerHTML = entry.querySelector('summary').textContent;
        document.body.append(shown);
        return {title: entry.querySelector('title').textContent, summary: shown.textContent,
                elements: shown.querySelectorAll('img, script').length};
    }""")
    assert feed["title"] == f"{XSS} — Modification"
    assert feed["summary"].startswith(XSS) and feed["elements"] == 0
    page.wait_for_timeout(300)  # an injected onerror would have fired by now
    assert page.dialogs == []


PAYLOADS = '<img src=x onerror=alert(1)><script>alert(2)</script>"><svg onload=alert(3)>'
TYPED = {  # every text field of the contribution form, each with its own marker and the payloads
    "#id_name": f"Nom {PAYLOADS}",
    "#id_summary": f"Résumé {PAYLOADS}",
    "#id_description": f"Description {PAYLOADS}",
    "#id_address": f"Adresse {PAYLOADS}",
    "#id_commune": f"Commune {PAYLOADS}",
    "#id_link_label_0": f"Lien {PAYLOADS}",
    "#id_summary_of_change": f"Mot {PAYLOADS}",
}
# Fields that must stay URLs or addresses carry the payloads where they are allowed to.
WEBSITE = 'https://site.example.org/?q=<script>alert(4)</script>"><svg/onload=alert(5)>'
LINK_URL = 'https://lien.example.org/?q="><img/src=x/onerror=alert(6)>'
EMAIL = '"<img/src=x/onerror=alert(7)>"@example.org'  # a quoted local part is a valid address


def assert_inert(page):
    """Nothing the payloads could have injected is in the page, and nothing ran. (Leaflet draws
    svgs of its own: the attribution's flag, and the offline background's countries.)"""
    injected = page.evaluate("""() => [
        ...document.querySelectorAll('[onerror], [onload], img[src=x], '
            + 'svg:not(.leaflet-attribution-flag):not(.leaflet-offline-background-pane > svg)'),
        ...[...document.scripts].filter(s => s.textContent.trim().startsWith('alert(')),
    ].map(node => node.outerHTML)""")
    assert injected == []
    assert page.dialogs == []


def test_payloads_typed_in_every_field_of_the_form_show_as_text_everywhere_once_approved(
    page, live_server, moderator, screenshot
):
    cache.clear()  # the anonymous rate limit counts in the cache table, which flushes keep
    page.goto(live_server.url + "/contribuer/")
    page.wait_for_selector("body[data-loaded='true']")
    in_form(page, page.get_by_label("Commune, code postal ou adresse")).press_sequentially("Quimper", delay=30)
    page.get_by_role("option", name=re.compile(r"^Quimper\b")).first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.locator(".placed-icon").wait_for()
    in_form(page, page.get_by_label("Collectif ou association")).check()
    in_form(page, page.locator("#id_scope")).select_option("local")
    for selector, text in TYPED.items():
        in_form(page, page.locator(selector)).fill(text)
    in_form(page, page.locator("#id_website")).fill(WEBSITE)
    in_form(page, page.locator("#id_link_url_0")).fill(LINK_URL)
    in_form(page, page.locator("#id_contact_email")).fill(EMAIL)
    in_form(page, page.locator("#id_author_email")).fill(EMAIL)
    assert_inert(page)  # nothing typed runs in the form itself either
    in_form(page, page.get_by_role("button", name="Envoyer", exact=True, include_hidden=True)).click()
    page.wait_for_url(re.compile(r"/contribuer/merci/"))
    assert TYPED["#id_name"] in page.locator("main").inner_text()
    assert_inert(page)

    revision = Revision.objects.get(status=Revision.Status.PENDING)
    services.approve(revision=revision, moderator=moderator)
    initiative = Initiative.objects.get(pk=revision.initiative_id)
    assert initiative.status == Initiative.Status.PUBLISHED
    assert (initiative.name, initiative.website) == (TYPED["#id_name"], WEBSITE)
    lon, lat = initiative.location.coords

    # The map: the marker, its popup and the list of what is in view.
    page.goto(f"{live_server.url}/?lat={lat:.4f}&lon={lon:.4f}&z=13")
    wait_for_map(page)
    marker = page.locator(".initiative-icon")
    assert marker.get_attribute("title") == TYPED["#id_name"]
    marker.click()
    popup = page.locator(".leaflet-popup-content")
    assert popup.locator("h3").inner_text() == TYPED["#id_name"]
    assert TYPED["#id_summary"] in popup.inner_text()
    page.locator("#in-view-list li").first.wait_for()
    assert page.locator("#in-view-list").inner_text() == f"{TYPED['#id_name']} — {TYPED['#id_commune']}"
    page.wait_for_timeout(300)  # the popup's fade-in
    screenshot("xss-typed-map")
    assert_inert(page)

    # Its page, JSON-LD included.
    page.goto(f"{live_server.url}/initiatives/{initiative.slug}/")
    main = page.locator("main")
    assert page.locator("h1").inner_text() == TYPED["#id_name"]
    assert page.locator(".lead").inner_text() == TYPED["#id_summary"]
    assert page.locator(".description").inner_text() == TYPED["#id_description"]
    for text in (TYPED["#id_address"], TYPED["#id_commune"], EMAIL, WEBSITE):
        assert text in main.inner_text()
    assert main.get_by_role("link", name=TYPED["#id_link_label_0"]).get_attribute("href") == LINK_URL
    assert main.get_by_role("link", name=WEBSITE).get_attribute("href") == WEBSITE
    assert main.get_by_role("link", name=EMAIL).get_attribute("href") == f"mailto:{EMAIL}"
    ld = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert ld["name"] == TYPED["#id_name"]
    wait_for_map(page)
    screenshot("xss-typed-page")
    assert_inert(page)

    # The history: the creation, field by field.
    page.goto(f"{live_server.url}/initiatives/{initiative.slug}/historique/")
    creation = page.locator(f"#revision-{revision.pk}")
    assert creation.locator("p.summary").inner_text() == TYPED["#id_summary_of_change"]
    for label, text in [("Nom", TYPED["#id_name"]), ("Résumé", TYPED["#id_summary"]),
                        ("Description", TYPED["#id_description"]), ("Adresse", TYPED["#id_address"]),
                        ("Commune", TYPED["#id_commune"]), ("Site web", WEBSITE),
                        ("Liens", f"{TYPED['#id_link_label_0']} — {LINK_URL}")]:  # fmt: skip
        row = creation.locator("tr").filter(has=page.get_by_role("rowheader", name=label, exact=True))
        assert row.locator("td.new").inner_text() == text
    screenshot("xss-typed-history")
    assert_inert(page)

    # The recent changes.
    page.goto(f"{live_server.url}/modifications/")
    change = page.locator("ol.changes li").first
    link = change.get_by_role("link", name=TYPED["#id_name"])
    assert link.get_attribute("href") == f"/initiatives/{initiative.slug}/"
    assert change.locator(".summary").inner_text() == f"« {TYPED['#id_summary_of_change']} »"
    assert_inert(page)

    # The Atom feed: well-formed XML, the payloads escaped in it, text once a reader shows it.
    with urlopen(f"{live_server.url}/modifications/atom/") as response:
        xml = response.read().decode()
    assert "<img" not in xml and "<script" not in xml and "<svg" not in xml
    entry = ElementTree.fromstring(xml).find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == f"{TYPED['#id_name']} — Création"
    assert entry.findtext(f"{ATOM}summary").startswith(html.escape(TYPED["#id_summary_of_change"]))
    shown = page.evaluate("""async () => {
        const xml = await (await fetch('/modifications/atom/')).text();
        const entry = new DOMParser().parseFromString(xml, 'application/xml').querySelector('entry');
        const shown = document.createElement('div');
        shown.innerHTML = entry.querySelector('summary').textContent;  // a reader renders it as HTML
        document.querySelector('main').append(shown);
        return shown.textContent;
    }""")
    assert shown.startswith(TYPED["#id_summary_of_change"])
    page.wait_for_timeout(300)  # an injected onerror would have fired by now
    assert_inert(page)
    assert page.foreign_requests == [] and page.console_errors == []
