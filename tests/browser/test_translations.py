"""The JavaScript's translations come with the page (a json_script block, see
frontend/templatetags/js_catalog.py), not from a /jsi18n/ script: English once chosen,
French otherwise, and no request for them."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import close_when_idle, new_context, wait_for_map

pytestmark = pytest.mark.browser


@pytest.fixture
def sample_map(transactional_db):
    call_command("load_sample_data", verbosity=0)


@pytest.mark.parametrize("language, said", [("fr", "initiatives dans la vue"), ("en", "initiatives in view")])
def test_the_map_s_script_speaks_the_page_s_language(browser, live_server, sample_map, language, said):
    context = new_context(browser, viewport={"width": 1280, "height": 800}, locale="fr-FR")
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    try:
        page.goto(live_server.url + "/")
        wait_for_map(page)
        assert said in page.locator("#in-view-count").inner_text()
        assert not [url for url in requested if "jsi18n" in url]
    finally:
        close_when_idle(context)
