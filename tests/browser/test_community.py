"""Moderating in a real Chromium: log in, decide in the queue, see the map change; user text
stays text in the queue, the history and the Atom feed."""

import pytest

from initiatives import services
from tests.browser.conftest import wait_for_map
from tests.factories import make_initiative
from tests.factories import PASSWORD, edited, make_user, proposal

pytestmark = pytest.mark.browser

XSS = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
LYON_VIEW = "/?lat=45.764&lon=4.8357&z="


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
