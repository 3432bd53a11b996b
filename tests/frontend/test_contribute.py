"""Contributing through the web: adding, correcting (with the merge of a stale correction),
reporting — and everything a refused request must not write."""

import datetime as dt
import html
import re
import time

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from frontend.folium_assets import external_assets
from frontend.forms import ContributionForm, as_inputs
from initiatives import services, snapshots
from initiatives.models import Initiative, Report, Revision
from tests.concurrency import all_at_once
from tests.factories import BREST, make_initiative, make_network, make_theme

pytestmark = pytest.mark.django_db
XSS = '</script><script>alert(1)</script><img src=x onerror=alert(2)>'


@pytest.fixture
def world(db):
    """Two themes, a network and a published initiative whose history is recorded."""
    communs = make_theme(slug="communs", name_fr="Communs", colour="#2e7d32")
    make_theme(slug="numerique-libre", name_fr="Numérique libre")
    network = make_network(slug="coop-group", name="Coop Group")
    maison = make_initiative(
        slug="maison-du-libre", name="Maison du libre", kind="place", themes=[communs],
        summary="Un lieu du libre à Brest.", description="Ateliers le mardi.",
        website="https://maison.example.org", commune="Brest", postal_code="29200",
        insee_code="29019", department_code="29", region_code="53", location_precision="commune",
    )  # fmt: skip
    services.record_import(maison)
    return {"communs": communs, "network": network, "maison": maison}


@pytest.fixture
def trusted(db):
    user = User.objects.create_user("confiance", password="x")
    user.groups.add(Group.objects.get_or_create(name="trusted")[0])
    return user


@pytest.fixture
def moderator(db):
    return User.objects.create_user("moderatrice", password="x", is_staff=True)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def new_initiative(**overrides):
    data = {
        "name": "Fablab du Ponant", "kind": "place", "scope": "local",
        "summary": "Un fablab associatif.", "description": "Ouvert le samedi.",
        "themes": ["communs"], "networks": ["coop-group"],
        "lon": str(BREST[0]), "lat": str(BREST[1]), "location_precision": "commune",
        "commune": "Brest", "postal_code": "29200", "insee_code": "29019",
        "department_code": "29", "region_code": "53",
        "website": "https://fablab.example.org",
        "link_label_0": "Wiki", "link_url_0": "https://wiki.example.org/fablab",
        "link_label_1": "", "link_url_1": "",
        "author_email": "moi@example.org", "summary_of_change": "Nouveau lieu",
    }  # fmt: skip
    return {**data, **overrides}


def edit_of(initiative, **overrides):
    """What the edit form posts when nothing is changed but `overrides`."""
    form = ContributionForm(initiative=initiative)
    page = Client().get(f"/initiatives/{initiative.slug}/modifier/").content.decode()
    data = {}
    for name in form.fields:
        if name in ("themes", "networks"):
            data[name] = re.findall(rf'name="{name}" value="([^"]*)"[^>]*checked', page)
        elif match := re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page):
            data[name] = html.unescape(match.group(1))
        elif match := re.search(rf'<textarea name="{name}"[^>]*>(.*?)</textarea>', page, re.S):
            data[name] = html.unescape(match.group(1)).strip()
        elif match := re.search(rf'<select name="{name}".*?<option value="([^"]*)"[^>]*selected', page, re.S):
            data[name] = match.group(1)
    data["kind"] = initiative.kind
    return {**data, **overrides}


def counts():
    return Initiative.objects.count(), Revision.objects.count()


def error_of(page, field):
    match = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', page, re.S)
    return html.unescape(match.group(1)) if match else None


# --- the form ---------------------------------------------------------------------------------


def test_the_form_is_french_accessible_and_loads_nothing_from_elsewhere(client, world):
    response = client.get("/contribuer/")
    assert response.status_code == 200
    page = response.content.decode()
    assert external_assets(page) == []
    assert "csrfmiddlewaretoken" in page
    assert '<label for="place-input">Commune, code postal ou adresse</label>' in page
    assert 'role="combobox"' in page and 'role="listbox"' in page
    assert re.search(r'<legend class="required">\s*Nature', page) and re.search(r"<legend>Thèmes</legend>", page)
    assert 'style="background: #2e7d32"' in page  # the themes' colour swatches
    assert re.search(r'<div class="hp" aria-hidden="true"><label for="id_site_web_2">Ne pas remplir', page)
    assert re.search(r'<input[^>]*name="site_web_2"[^>]*tabindex="-1"', page)
    assert 'id="contribute-config"' in page and "/api/v1/geocode/" in page
    assert page.count('name="link_url_') == 5


def test_the_edit_form_is_prefilled_with_the_current_state_and_version(client, world):
    page = client.get("/initiatives/maison-du-libre/modifier/").content.decode()
    assert 'name="version" value="1"' in page
    assert re.search(r'name="name"[^>]*value="Maison du libre"', page)
    assert re.search(r'name="themes" value="communs"[^>]*checked', page)
    assert re.search(r'name="lon"[^>]*value="-4.4861"', page)


# --- adding -------------------------------------------------------------------------------------


def test_an_anonymous_addition_waits_for_moderation_and_is_seen_nowhere(client, world):
    response = client.post("/contribuer/", new_initiative())
    assert response.status_code == 302 and response["Location"].startswith("/contribuer/merci/?r=")
    initiative = Initiative.objects.get(name="Fablab du Ponant")
    assert initiative.status == "pending"
    revision = initiative.revisions.get()
    assert (revision.status, revision.kind, revision.author) == ("pending", "create", None)
    assert revision.author_email == "moi@example.org" and revision.summary == "Nouveau lieu"
    assert revision.snapshot["links"] == [["Wiki", "https://wiki.example.org/fablab"]]
    assert revision.snapshot["networks"] == []  # joining Coop Group is a request to the network
    assert [(r.network.slug, r.status) for r in initiative.membership_requests.all()] == [("coop-group", "pending")]

    thanks = client.get(response["Location"]).content.decode()
    assert "envoyée à la modération" in thanks and "/initiatives/fablab-du-ponant/" not in thanks
    assert client.get("/initiatives/fablab-du-ponant/").status_code == 404
    assert "Fablab" not in client.get("/api/v1/initiatives/", {"q": "fablab"}).content.decode()
    assert "Fablab" not in client.get("/api/v1/clusters/", {"zoom": 14, "bbox": "-5,48,-4,49"}).content.decode()
    for export in ("/api/v1/export.geojson", "/api/v1/export.csv"):
        assert b"Fablab" not in b"".join(client.get(export).streaming_content)


@pytest.mark.parametrize("how", ["group", "three accepted proposals"])
def test_a_trusted_contributor_publishes_directly(world, how):
    user = User.objects.create_user("habituee", password="x")
    if how == "group":
        user.groups.add(Group.objects.create(name="trusted"))
    else:
        for _ in range(3):
            done = make_initiative()
            Revision.objects.create(initiative=done, kind="create", status="accepted", snapshot={}, version=1, author=user)
    client = client_for(user)
    response = client.post("/contribuer/", new_initiative(networks=[]))  # joining one is the network's decision
    initiative = Initiative.objects.get(name="Fablab du Ponant")
    assert initiative.status == "published" and initiative.revisions.get().status == "accepted"
    thanks = client.get(response["Location"]).content.decode()
    assert "C’est publié" in thanks and 'href="/initiatives/fablab-du-ponant/"' in thanks
    assert client.get("/initiatives/fablab-du-ponant/").status_code == 200


def test_a_network_may_have_no_seat_but_nothing_else(client, world):
    data = new_initiative(name="Réseau en ligne", kind="network", scope="national", lon="", lat="", seatless="on")
    assert client.post("/contribuer/", data).status_code == 302
    assert Initiative.objects.get(name="Réseau en ligne").location is None
    before = counts()
    page = client.post("/contribuer/", {**data, "kind": "place"}).content.decode()
    assert "seul un réseau sans siège peut ne pas en avoir" in error_of(page, "seatless")
    assert counts() == before


# --- refused requests write nothing ---------------------------------------------------------------


@pytest.mark.parametrize("overrides, field, message", [
    ({"lon": "200"}, "lon", "180"),
    ({"lon": "", "lat": ""}, "lon", "Placez-la sur la carte"),
    ({"themes": ["communs", "nexiste-pas"]}, "themes", "nexiste-pas"),
    ({"networks": ["maison-du-libre"]}, "networks", "maison-du-libre"),
    ({"website": "javascript:alert(1)"}, "website", "http:// ou https://"),
    ({"link_url_1": "ftp://x", "link_label_1": "Fichiers"}, "link_url_1", "http:// ou https://"),
    ({"link_label_1": "Agenda"}, "link_url_1", "Indiquez l’adresse de ce lien"),
    ({"summary": "x" * 501}, "summary", "500 caractères"),
    ({"name": ""}, "name", "obligatoire"),
    ({"kind": "spaceship"}, "kind", "Sélectionnez un choix valide"),
    ({"department_code": "29", "region_code": "11"}, "region_code", "pas la région de ce département"),
    ({"postal_code": "2920"}, "postal_code", "cinq chiffres"),
])  # fmt: skip
def test_a_bad_input_gets_a_french_error_next_to_its_field_and_writes_nothing(client, world, overrides, field, message):
    before = counts()
    response = client.post("/contribuer/", new_initiative(**overrides))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in error_of(page, field)
    assert re.search(rf'<[^>]*(id="id_{field}"|name="{field}")[^>]*aria-invalid="true"', page) or field in ("themes", "networks")
    assert 'id="error-summary"' in page and f'href="#id_{field}"' in page
    assert 'value="Fablab du Ponant"' in page or field == "name"  # what was typed is kept
    assert counts() == before


def test_a_filled_honeypot_is_refused_and_writes_nothing(client, world):
    before = counts()
    page = client.post("/contribuer/", new_initiative(site_web_2="https://spam.example")).content.decode()
    assert "« Ne pas remplir » doit rester vide" in page
    assert counts() == before


def test_the_services_errors_land_next_to_the_fields(world):
    form = ContributionForm(new_initiative())
    assert form.is_valid()
    form.add_snapshot_errors(ValidationError({"location": ["Hors limites."], "themes": ["Thème inconnu."],
                                              "links": ["Wiki: invalide."]}))  # fmt: skip
    assert form.errors["lon"] == ["Hors limites."] and form.errors["themes"] == ["Thème inconnu."]
    assert form.non_field_errors() == ["Wiki: invalide."]


def test_the_conflict_page_posts_back_every_value_even_zero():
    data = {"lon": 0.0, "lat": 45.0, "seatless": False, "themes": ["a", "b"], "name": "X"}
    assert as_inputs(data) == [("lon", 0.0), ("lat", 45.0), ("themes", "a"), ("themes", "b"), ("name", "X")]


def test_a_flood_of_anonymous_proposals_is_stopped(client, world, settings):
    settings.ANONYMOUS_PROPOSALS_RATE = "5/h"
    client.post("/contribuer/", new_initiative(lon="200"))  # a mistake does not count
    for i in range(5):
        assert client.post("/contribuer/", new_initiative(name=f"Lieu {i}")).status_code == 302
    before = counts()
    for url, data in [("/contribuer/", new_initiative(name="Lieu 6")),
                      ("/initiatives/maison-du-libre/modifier/", edit_of(world["maison"], summary="x")),
                      ("/initiatives/maison-du-libre/signaler/", {"reason": "closed"})]:  # fmt: skip
        response = client.post(url, data)
        assert response.status_code == 429
        assert 0 < int(response["Retry-After"]) <= 3600
        assert "Réessayez dans" in response.content.decode()
    assert counts() == before and Report.objects.count() == 0
    assert client_for(User.objects.create_user("connue")).post("/contribuer/", new_initiative(name="Lieu 7")).status_code == 302


def api_proposal(name):
    return {"name": name, "kind": "place", "scope": "local", "summary": "Un lieu.", "themes": ["communs"],
            "location": {"type": "Point", "coordinates": list(BREST)}}  # fmt: skip


@pytest.mark.parametrize("web_first", [3, 5, 0])
def test_anonymous_proposals_are_limited_once_across_the_web_and_the_api(client, world, settings, web_first):
    settings.ANONYMOUS_PROPOSALS_RATE = "5/h"
    api = APIClient()
    for i in range(5):
        if i < web_first:
            assert client.post("/contribuer/", new_initiative(name=f"Lieu {i}")).status_code == 302
        else:
            assert api.post("/api/v1/initiatives/", api_proposal(f"Lieu {i}"), format="json").status_code == 202
    before = counts()
    refused = api.post("/api/v1/initiatives/", api_proposal("Lieu 6"), format="json")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    page = client.post("/contribuer/", new_initiative(name="Lieu 7"))
    assert page.status_code == 429 and "Réessayez dans" in page.content.decode()
    assert counts() == before


def test_a_forged_x_forwarded_for_does_not_reset_the_limit(client, world, settings):
    """Without a proxy in front (NUM_PROXIES defaults to 0) the header is anyone's to write."""
    settings.ANONYMOUS_PROPOSALS_RATE = "5/h"
    api = APIClient()
    for i in range(5):
        forged = {"HTTP_X_FORWARDED_FOR": f"203.0.113.{i}"}
        if i % 2:
            assert client.post("/contribuer/", new_initiative(name=f"Lieu {i}"), **forged).status_code == 302
        else:
            assert api.post("/api/v1/initiatives/", api_proposal(f"Lieu {i}"), format="json", **forged).status_code == 202
    forged = {"HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    assert client.post("/contribuer/", new_initiative(name="Lieu 6"), **forged).status_code == 429
    assert api.post("/api/v1/initiatives/", api_proposal("Lieu 7"), format="json", **forged).status_code == 429


def test_the_count_lasts_until_the_end_of_its_window(client, world, settings):
    """The database cache's incr() re-stores a value with the default 5-minute timeout: the
    count must keep the window's own expiry."""
    settings.ANONYMOUS_PROPOSALS_RATE = "5/d"
    assert client.post("/contribuer/", new_initiative()).status_code == 302
    with connection.cursor() as cursor:
        cursor.execute("SELECT expires FROM cache WHERE cache_key LIKE %s", ["%proposals:anonymous:%"])
        (expires,) = cursor.fetchone()
    window_end = (int(time.time()) // 86400 + 1) * 86400
    assert abs(expires.timestamp() - window_end) < 5, expires.astimezone(dt.timezone.utc)


@pytest.mark.django_db(transaction=True)
def test_parallel_anonymous_posts_cannot_all_slip_under_the_limit(settings):
    """Each post takes its place in the count before it is checked and written, atomically."""
    settings.ANONYMOUS_PROPOSALS_RATE = "3/h"
    make_theme(slug="communs")
    make_network(slug="coop-group")
    statuses = []

    def post(i):
        statuses.append(Client().post("/contribuer/", new_initiative(name=f"Lieu parallèle {i}")).status_code)

    all_at_once(8, post)
    assert sorted(statuses) == [302] * 3 + [429] * 5
    assert Initiative.objects.filter(name__startswith="Lieu parallèle").count() == 3


def test_a_form_body_over_256_kb_is_a_413_in_french_and_writes_nothing(client, world):
    before = counts()
    for url, data in [("/contribuer/", new_initiative(description="x" * (256 * 1024))),
                      ("/initiatives/maison-du-libre/signaler/", {"reason": "closed", "comment": "x" * (256 * 1024)})]:  # fmt: skip
        response = client.post(url, data)
        assert response.status_code == 413
        assert "Requête trop volumineuse : 256 Ko au plus." in response.content.decode()
    assert counts() == before and Report.objects.count() == 0


def test_forms_need_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    before = counts()
    assert client.post("/contribuer/", new_initiative()).status_code == 403
    assert client.post("/initiatives/maison-du-libre/signaler/", {"reason": "closed"}).status_code == 403
    assert counts() == before


# --- correcting -----------------------------------------------------------------------------------


def test_a_trusted_correction_with_the_current_version_is_applied(world, trusted):
    maison = world["maison"]
    before = maison.revisions.count()
    response = client_for(trusted).post("/initiatives/maison-du-libre/modifier/", edit_of(maison, summary="Nouveau résumé"))
    assert response.status_code == 302
    maison.refresh_from_db()
    assert (maison.summary, maison.version) == ("Nouveau résumé", 2)
    assert maison.revisions.count() == before + 1
    assert maison.revisions.first().base_version == 1


def test_an_anonymous_correction_waits_for_moderation(client, world):
    maison = world["maison"]
    assert client.post("/initiatives/maison-du-libre/modifier/", edit_of(maison, summary="Autre")).status_code == 302
    maison.refresh_from_db()
    assert (maison.summary, maison.version) == ("Un lieu du libre à Brest.", 1)
    assert maison.revisions.filter(status="pending").get().snapshot["summary"] == "Autre"


def test_a_stale_correction_is_merged_and_the_person_chooses_where_both_changed(world, trusted):
    maison = world["maison"]
    mine = edit_of(maison, summary="Mon résumé", description="Ateliers le mardi et le jeudi.")
    services.propose_change(
        initiative=maison, base_version=1, author=User.objects.create_user("autre", is_staff=True),
        data={**snapshots.take(maison), "summary": "Leur résumé", "website": "https://nouveau.example.org"},
    )  # fmt: skip
    client = client_for(trusted)
    before = counts()

    response = client.post("/initiatives/maison-du-libre/modifier/", mine)
    assert response.status_code == 409
    assert counts() == before
    page = response.content.decode()
    merged = re.search(r'<ul class="merged">(.*?)</ul>', page, re.S).group(1)
    assert re.search(r"Site web</strong> : la modification publiée entre-temps est conservée", merged)
    assert re.search(r"Description</strong> : votre modification est conservée", merged)
    conflict = re.findall(r"<legend>(.*?)</legend>(.*?)</fieldset>", page, re.S)
    assert [legend for legend, _ in conflict] == ["Résumé"]
    assert "Mon résumé" in conflict[0][1] and "Leur résumé" in conflict[0][1]
    assert 'name="choice-summary" value="mine"' in page and 'name="choice-summary" value="theirs"' in page

    answer = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page):
        answer.setdefault(name, []).append(html.unescape(value))
    assert answer["version"] == ["2"]
    response = client.post("/initiatives/maison-du-libre/modifier/", {**answer, "choice-summary": "mine"})
    assert response.status_code == 302
    maison.refresh_from_db()
    assert maison.version == 3
    assert maison.summary == "Mon résumé"
    assert maison.website == "https://nouveau.example.org"
    assert maison.description == "Ateliers le mardi et le jeudi."
    assert maison.revisions.first().base_version == 2


def test_keeping_the_current_version_of_a_conflict(world, trusted):
    maison = world["maison"]
    mine = edit_of(maison, themes=["numerique-libre"])
    services.propose_change(initiative=maison, base_version=1, author=trusted,
                            data={**snapshots.take(maison), "themes": []})  # fmt: skip
    page = client_for(trusted).post("/initiatives/maison-du-libre/modifier/", mine).content.decode()
    assert re.search(r"<legend>Thèmes</legend>.*Numérique libre.*aucun", page, re.S)
    answer = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page):
        answer.setdefault(name, []).append(html.unescape(value))
    revisions = maison.revisions.count()
    response = client_for(trusted).post("/initiatives/maison-du-libre/modifier/", {**answer, "choice-themes": "theirs"})
    assert response.status_code == 302
    maison.refresh_from_db()
    # Keeping theirs everywhere changes nothing: no new version, no revision that changes nothing.
    assert maison.version == 2 and list(maison.themes.all()) == []
    assert maison.revisions.count() == revisions


def test_a_stale_correction_from_an_unrecorded_version_offers_every_difference(world, trusted):
    unrecorded = make_initiative(slug="sans-historique", name="Sans historique", summary="Avant.")
    mine = edit_of(unrecorded, summary="Le mien.")
    services.propose_change(initiative=unrecorded, base_version=1, author=trusted,
                            data={**snapshots.take(unrecorded), "summary": "Le leur."})  # fmt: skip
    page = client_for(trusted).post("/initiatives/sans-historique/modifier/", mine).content.decode()
    assert "La version dont vous êtes parti·e est introuvable" in page
    assert [legend for legend in re.findall(r"<legend>(.*?)</legend>", page)] == ["Résumé"]


def test_a_locked_initiative_is_refused_to_anyone_but_the_moderation(client, world, moderator):
    maison = world["maison"]
    data = edit_of(maison, summary="Verrou forcé")
    Initiative.objects.filter(pk=maison.pk).update(locked=True)
    before = counts()
    response = client.get("/initiatives/maison-du-libre/modifier/")
    assert response.status_code == 403 and "verrouillée par la modération" in response.content.decode()
    assert client.post("/initiatives/maison-du-libre/modifier/", data).status_code == 403
    assert counts() == before
    assert client_for(moderator).post("/initiatives/maison-du-libre/modifier/", data).status_code == 302
    maison.refresh_from_db()
    assert maison.summary == "Verrou forcé"


def test_pending_or_unknown_initiatives_cannot_be_edited(client, world):
    make_initiative(slug="en-attente", status="pending")
    assert client.get("/initiatives/en-attente/modifier/").status_code == 404
    assert client.get("/initiatives/nexiste-pas/modifier/").status_code == 404


def test_the_thanks_page_needs_a_signed_token(client, world):
    assert client.get("/contribuer/merci/").status_code == 404
    assert client.get("/contribuer/merci/", {"r": "1"}).status_code == 404


# --- reporting --------------------------------------------------------------------------------------


def test_a_report_is_recorded_for_the_moderation(client, world):
    page = client.get("/initiatives/maison-du-libre/signaler/").content.decode()
    assert "A fermé ou n’existe plus" in page and "csrfmiddlewaretoken" in page
    response = client.post("/initiatives/maison-du-libre/signaler/",
                           {"reason": "moved", "comment": "Déménagé à Quimper.", "email": "moi@example.org"})  # fmt: skip
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.initiative, report.reason, report.comment) == (world["maison"], "moved", "Déménagé à Quimper.")
    assert "transmis à la modération" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("data, field, message", [
    ({"reason": "closed", "site_web_2": "x"}, None, "« Ne pas remplir » doit rester vide"),
    ({"reason": "nope"}, "reason", "Sélectionnez un choix valide"),
    ({"reason": "closed", "email": "pas un courriel"}, "email", "Saisissez une adresse"),
])  # fmt: skip
def test_a_bad_report_writes_nothing(client, world, data, field, message):
    page = client.post("/initiatives/maison-du-libre/signaler/", data).content.decode()
    assert message in (error_of(page, field) if field else page)
    assert Report.objects.count() == 0


# --- user text --------------------------------------------------------------------------------------


def test_html_in_every_text_field_is_stored_as_text_and_shown_escaped(world, trusted):
    client = client_for(trusted)
    texts = {name: XSS for name in ("name", "summary", "description", "address", "commune", "link_label_0",
                                    "summary_of_change")}  # fmt: skip
    refused = client.post("/contribuer/", new_initiative(**texts, lon="999")).content.decode()
    assert "<script>alert(1)" not in refused and "<img src=x" not in refused
    assert html.escape(XSS) in refused or "&lt;/script&gt;" in refused  # kept, escaped

    assert client.post("/contribuer/", new_initiative(**texts, networks=[])).status_code == 302
    initiative = Initiative.objects.get(summary=XSS)
    assert (initiative.name, initiative.description, initiative.address, initiative.commune) == (XSS,) * 4
    assert initiative.links.get().label == XSS and initiative.revisions.get().summary == XSS
    for url in (f"/initiatives/{initiative.slug}/", f"/initiatives/{initiative.slug}/modifier/"):
        page = client.get(url).content.decode()
        assert "<script>alert(1)" not in page and "<img src=x" not in page, url
        assert "&lt;img src=x onerror=alert(2)&gt;" in page

    stale = edit_of(initiative, summary=XSS + " (moi)")
    services.propose_change(initiative=initiative, base_version=1, author=trusted,
                            data={**snapshots.take(initiative), "summary": XSS + " (eux)"})  # fmt: skip
    conflict = client.post(f"/initiatives/{initiative.slug}/modifier/", stale).content.decode()
    assert "(moi)" in conflict and "(eux)" in conflict
    assert "<script>alert(1)" not in conflict and "<img src=x" not in conflict
