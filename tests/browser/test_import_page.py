"""The moderators' import page in a real Chromium: a file bigger than the site's request cap
is simulated, its first rows appear on the small map as text, and applying it works."""

import pytest
from django.conf import settings
from django.core.management import call_command

from initiatives.models import Initiative
from tests.browser.test_community import XSS, log_in
from tests.factories import make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def moderator(transactional_db):
    call_command("load_sample_data", verbosity=0)
    return make_user("morgane", role="moderator")


def source_file(tmp_path, rows):
    lines = ["id;name;summary;longitude;latitude;commune;themes"]
    lines.append(f"x1;{XSS};;-4,49;48,39;Brest;Communs")
    lines += [f"b{n};Lieu {n} de Bretagne;{'Un résumé qui prend de la place. ' * 5};-{3 + n / 1000:.4f};48,{100 + n};Brest;Communs" for n in range(rows)]
    path = tmp_path / "source.csv"
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def test_a_moderator_simulates_a_big_file_sees_it_on_a_map_and_applies_it(page, live_server, moderator, tmp_path):
    path = source_file(tmp_path, 1500)
    assert path.stat().st_size > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    log_in(page, live_server, "morgane", "/moderation/import/")

    page.get_by_label("Format").select_option("csv")
    page.get_by_label("Nom de la source").fill("bretagne")
    page.get_by_label("ou fichier").set_input_files(str(path))
    page.get_by_label("Créer aussi les doublons possibles").check()
    page.get_by_role("button", name="Simuler l’import").click()

    page.wait_for_selector("body[data-loaded='true']", timeout=60000)
    assert "1501 lignes" in page.locator(".summary").inner_text()
    assert page.locator(".import-map path.leaflet-interactive").count() == 200  # the first rows
    page.locator(".import-map path.leaflet-interactive").first.hover()
    assert "<script>alert(2)</script>" in page.locator(".leaflet-tooltip").inner_text()  # as text
    assert page.dialogs == [] and page.console_errors == [] and page.foreign_requests == []

    page.get_by_role("button", name="Confirmer l’import").click()
    page.wait_for_selector("text=appliqué", timeout=120000)
    assert Initiative.objects.filter(source="bretagne").count() == 1501
