"""The moderators' import page: simulate, read the report, confirm."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from initiatives.models import Initiative
from tests.factories import PASSWORD, make_user
from tests.initiatives.imports.helpers import state

pytestmark = pytest.mark.django_db

CSV = (
    "id;name;summary;longitude;latitude;commune;themes\r\n"
    "p1;Atelier <script>alert(1)</script> vélo;Réparer ensemble;-4,49;48,39;Brest;Communs\r\n"
    "p2;Hors carte;;12;95;Brest;\r\n"
)


@pytest.fixture
def moderator_client(client, sample_data):
    make_user("morgane", role="moderator")
    client.login(username="morgane", password=PASSWORD)
    return client


def upload(client, content=CSV, **fields):
    data = {"action": "preview", "format": "csv", "source": "atelier", "file": SimpleUploadedFile("s.csv", content.encode()), **fields}
    return client.post("/moderation/import/", data)


def test_the_dry_run_shows_the_report_and_writes_nothing(moderator_client):
    before = state()
    response = upload(moderator_client)

    assert response.status_code == 200
    page = response.content.decode()
    assert "simulation (--dry-run) : rien n’a été écrit" in page
    assert "ligne 2" in page and "créée" in page
    assert "coordonnées hors limites" in page
    assert "Atelier &lt;script&gt;alert(1)&lt;/script&gt; vélo" in page  # source text is escaped
    assert "<script>alert(1)" not in page
    assert "Confirmer l’import" in page
    assert state() == before


def test_confirming_applies_what_was_shown(moderator_client):
    upload(moderator_client, skip_invalid="on")
    token = moderator_client.session["import_staging"]["token"]

    response = moderator_client.post("/moderation/import/", {"action": "apply", "token": token})

    assert response.status_code == 200
    assert "appliqué" in response.content.decode()
    assert Initiative.objects.get(source="atelier", source_id="p1").summary == "Réparer ensemble"
    again = moderator_client.post("/moderation/import/", {"action": "apply", "token": token})
    assert again.status_code == 400  # a report is applied once
    assert Initiative.objects.filter(source="atelier").count() == 1


def test_invalid_rows_stop_the_confirmation_unless_skipped(moderator_client):
    upload(moderator_client)
    token = moderator_client.session["import_staging"]["token"]
    before = state()

    response = moderator_client.post("/moderation/import/", {"action": "apply", "token": token})

    assert response.status_code == 400
    assert "1 ligne(s) invalide(s) : rien n’a été importé" in response.content.decode()
    assert state() == before


def test_a_bad_file_gets_a_clear_error(moderator_client):
    response = upload(moderator_client, content="pas un csv", format="gogocarto")
    assert response.status_code == 400
    assert "JSON illisible" in response.content.decode()


def test_a_private_url_is_refused(moderator_client):
    response = moderator_client.post("/moderation/import/", {"action": "preview", "format": "csv", "url": "http://127.0.0.1:9/x.csv"})
    assert response.status_code == 400
    assert "Adresse refusée" in response.content.decode()


def test_only_moderators_import(client, sample_data):
    make_user("ana", role="trusted")
    client.login(username="ana", password=PASSWORD)
    assert client.get("/moderation/import/").status_code == 403
    client.logout()
    assert client.get("/moderation/import/").status_code == 302  # to the login page


def big_csv(rows):
    lines = [f"b{n};Initiative {n} du Finistère;{'Une description assez longue. ' * 3};-4,{4000 + n};48,{3000 + n};Brest;Communs\r\n" for n in range(rows)]
    return "id;name;summary;longitude;latitude;commune;themes\r\n" + "".join(lines)


def test_a_file_above_the_sites_request_cap_is_taken_on_this_page(moderator_client, settings):
    content = big_csv(2500)
    assert len(content.encode()) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE

    response = upload(moderator_client, content=content, accept_duplicates="on")

    assert response.status_code == 200
    assert "2500 lignes" in response.content.decode()


def test_a_file_above_the_pages_own_cap_gets_a_french_413(moderator_client, settings):
    settings.REQUEST_SIZE_LIMITS = {"/moderation/import/": 10_000}
    before = state()

    response = upload(moderator_client, content=big_csv(200))

    assert response.status_code == 413
    assert "Fichier trop gros : 1 Mo au plus sur cette page." in response.content.decode()
    assert state() == before


def test_other_pages_keep_the_sites_cap(client, settings):
    response = client.post("/a-propos/", {"name": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    assert response.status_code == 413


def test_the_page_polls_how_far_the_import_has_read(moderator_client):
    from frontend.views.imports import PROGRESS_EVERY, _progress

    progress_id = "ab" * 16
    rows = _progress(progress_id)(iter(range(PROGRESS_EVERY + 10)))
    for _row in range(PROGRESS_EVERY + 1):
        next(rows)

    midway = moderator_client.get(f"/moderation/import/progress/{progress_id}/")
    list(rows)
    done = moderator_client.get(f"/moderation/import/progress/{progress_id}/")

    assert midway.json() == {"rows": PROGRESS_EVERY, "read": False}
    assert done.json() == {"rows": PROGRESS_EVERY + 10, "read": True}


def test_progress_is_for_moderators_and_goes_with_the_import(client, moderator_client, sample_data):
    progress_id = "cd" * 16
    response = upload(moderator_client, progress=progress_id)
    assert response.status_code == 200
    assert moderator_client.get(f"/moderation/import/progress/{progress_id}/").status_code == 404  # cleaned up
    make_user("olivier")
    client.login(username="olivier", password=PASSWORD)
    assert client.get(f"/moderation/import/progress/{progress_id}/").status_code == 403


def test_the_reports_first_rows_go_on_a_map_as_text(moderator_client):
    response = upload(moderator_client)

    page = response.content.decode()
    assert 'id="map-config"' in page and "frontend/js/imports.js" in page
    raw = re.search(r'<script id="map-config" type="application/json">(.*?)</script>', page, re.S).group(1)
    assert "<script>" not in raw  # json_script escapes the source's text
    rows = json.loads(raw)["rows"]
    assert [(row["status"], row["lon"], row["lat"]) for row in rows] == [("created", -4.49, 48.39)]
    assert rows[0]["name"] == "Atelier <script>alert(1)</script> vélo"  # text, for textContent
