"""The community's pages: moderation queue, history, recent changes and their Atom feeds,
accounts. Access control, escaped user text, private emails, fixed query counts."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.core import mail

from initiatives import services
from initiatives.models import Initiative, Report, Revision
from tests.factories import make_initiative, make_network, make_theme
from tests.factories import PASSWORD, edited, make_user, proposal

pytestmark = pytest.mark.django_db

XSS = '<script>alert(1)</script><img src=x onerror=alert(2)>'
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"
SECRET = "auteur.prive@example.org"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def network(db):
    return make_network(slug="reseau-a", name="Réseau A")


@pytest.fixture
def moderator(db):
    return make_user("morgane", role="moderator")


@pytest.fixture
def member(network):
    initiative = make_initiative(slug="tiers-lieu", name="Tiers-lieu", networks=[network])
    services.record_import(initiative)
    return initiative


def propose_edit(initiative, author=None, **fields):
    return services.propose_change(initiative=initiative, data=edited(initiative, **fields),
                                   base_version=initiative.version, author=author, email=SECRET).revision  # fmt: skip


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def followed_messages(response):
    return [m.message for m in response.context["messages"]]


# --- the moderation queue -----------------------------------------------------------------


def test_the_queue_asks_anonymous_people_to_log_in(client):
    response = client.get("/moderation/")
    assert response.status_code == 302 and response["Location"] == "/comptes/login/?next=/moderation/"


def test_the_queue_is_forbidden_to_people_without_a_role(client, db):
    client.force_login(make_user("camille"))
    assert client.get("/moderation/").status_code == 403


def test_a_moderator_sees_each_proposal_with_its_diff_votes_and_decisions(client, member, moderator, settings):
    settings.BLOCKED_DOMAINS = ["spam.example"]
    creation = services.propose_initiative(data=proposal(summary="Voir https://spam.example/"), email=SECRET)
    edit = propose_edit(member, author=make_user("camille"), name="Tiers-lieu du port", summary="")
    services.vote(revision=edit, user=make_user("dominique", role="trusted"), approve_it=False)
    client.force_login(moderator)
    page = html(client.get("/moderation/"))
    assert "2 propositions en attente" in page
    assert page.index("Fabrique Zéphyr") < page.index("Tiers-lieu")  # oldest first
    creation_item = re.search(rf'id="revision-{creation.revision.pk}".*?</article>', page, re.S).group(0)
    assert "Création" in creation_item and "anonyme" in creation_item
    assert "domaine bloqué : spam.example" in creation_item
    assert "4.8357, 45.764" in creation_item  # the position as longitude, latitude
    assert "Site — https://zephyr.example.org/" in creation_item
    edit_item = re.search(rf'id="revision-{edit.pk}".*?</article>', page, re.S).group(0)
    assert "Modification" in edit_item and "camille" in edit_item
    assert re.search(r"Nom</th>\s*<td class=\"old\">.*Tiers-lieu<.*<td class=\"new\">.*Tiers-lieu du port", edit_item, re.S)
    assert re.search(r"Résumé</th>\s*<td class=\"old\">.*Une initiative locale.*\(vide\)", edit_item, re.S)
    assert "dominique (contre)" in edit_item
    for button in ("Approuver", "Refuser", "Demander des modifications", "Voter pour", "Voter contre"):
        assert button in edit_item
    assert SECRET not in page and "camille@example.org" not in page


def test_an_animator_sees_and_decides_only_the_proposals_on_their_networks(client, member, network):
    elsewhere = make_initiative(slug="ailleurs", name="Ailleurs")
    mine, other = propose_edit(member, summary="Ici"), propose_edit(elsewhere, summary="Là")
    client.force_login(make_user("alex", role="animator", network=network))
    page = html(client.get("/moderation/"))
    assert f'id="revision-{mine.pk}"' in page and f'id="revision-{other.pk}"' not in page
    assert "Approuver" in page and "Voter pour" not in page  # animators moderate, they do not vote
    assert client.post(f"/moderation/{other.pk}/", {"action": "approve"}).status_code == 403
    client.post(f"/moderation/{mine.pk}/", {"action": "approve"})
    assert Revision.objects.get(pk=mine.pk).status == "accepted"


def test_a_trusted_contributor_sees_every_proposal_and_may_only_vote(client, member):
    edit = propose_edit(member, name="Tiers-lieu du port")
    client.force_login(make_user("dominique", role="trusted"))
    page = html(client.get("/moderation/"))
    assert "Tiers-lieu du port" in page and "Voter pour" in page
    assert "Approuver" not in page and "Signalements ouverts" not in page
    response = client.post(f"/moderation/{edit.pk}/", {"action": "vote_for"}, follow=True)
    assert followed_messages(response) == ["Votre vote sur « Tiers-lieu » est enregistré."]
    assert "dominique (pour)" in response.content.decode()
    assert client.post(f"/moderation/{edit.pk}/", {"action": "approve"}).status_code == 403


def test_approving_from_the_queue_publishes_and_says_so(client, moderator, db):
    outcome = services.propose_initiative(data=proposal(name=XSS))
    client.force_login(moderator)
    response = client.post(f"/moderation/{outcome.revision.pk}/", {"action": "approve"}, follow=True)
    assert response.redirect_chain == [("/moderation/", 302)]
    assert followed_messages(response) == [f"« {XSS} » : proposition approuvée et publiée."]
    assert ESCAPED in response.content.decode() and XSS not in response.content.decode()
    assert Initiative.objects.get(pk=outcome.initiative.pk).status == "published"


@pytest.mark.parametrize("action, status", [("reject", "rejected"), ("request_changes", "changes_requested")])
def test_refusing_needs_a_reason_that_is_sent_to_the_author(
    client, moderator, member, action, status, django_capture_on_commit_callbacks
):
    edit = propose_edit(member, name="Tiers-lieu du port")
    client.force_login(moderator)
    response = client.post(f"/moderation/{edit.pk}/", {"action": action, "reason": "  "}, follow=True)
    assert followed_messages(response) == ["Dites pourquoi, pour la personne qui a proposé."]
    assert Revision.objects.get(pk=edit.pk).status == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/moderation/{edit.pk}/", {"action": action, "reason": "Le nom officiel est autre."})
    decided = Revision.objects.get(pk=edit.pk)
    assert (decided.status, decided.reason) == (status, "Le nom officiel est autre.")
    [notice] = mail.outbox
    assert notice.to == [SECRET] and "Le nom officiel est autre." in notice.body


@pytest.mark.parametrize("action", ["reject", "request_changes"])
def test_a_creation_not_accepted_leaves_the_queue_and_is_told_where_to_send_it_again(
    client, moderator, action, django_capture_on_commit_callbacks, settings
):
    outcome = services.propose_initiative(data=proposal(name="Atelier du quai"), email=SECRET)
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/moderation/{outcome.revision.pk}/", {"action": action, "reason": "Précisez le lieu."})
    assert Initiative.objects.get(pk=outcome.initiative.pk).status == "archived"  # not pending for ever
    assert f"/moderation/{outcome.revision.pk}/" not in html(client.get("/moderation/"))
    [notice] = mail.outbox
    invitation = f"envoyez une nouvelle proposition : {settings.SITE_URL}/contribuer/"
    assert (invitation in notice.body) == (action == "request_changes")


def test_a_proposal_already_decided_is_reported_not_decided_twice(client, moderator, member):
    edit = propose_edit(member, name="Tiers-lieu du port")
    client.force_login(moderator)
    client.post(f"/moderation/{edit.pk}/", {"action": "approve"}, follow=True)
    response = client.post(f"/moderation/{edit.pk}/", {"action": "reject", "reason": "Non."}, follow=True)
    assert followed_messages(response) == ["Cette proposition a déjà été traitée."]
    assert Revision.objects.get(pk=edit.pk).status == "accepted"


def test_a_conflict_tells_the_moderator_to_edit_by_hand(client, moderator, member):
    stale = propose_edit(member, name="Le Port")
    services.propose_change(initiative=member, data=edited(member, name="Le Grand Port"),
                            base_version=member.version, author=moderator)  # fmt: skip
    client.force_login(moderator)
    response = client.post(f"/moderation/{stale.pk}/", {"action": "approve"}, follow=True)
    [message] = followed_messages(response)
    assert "modifiez l’initiative à la main" in message
    assert Revision.objects.get(pk=stale.pk).status == "pending"


def test_decisions_are_posts_with_a_known_action(client, moderator, member):
    edit = propose_edit(member, name="Tiers-lieu du port")
    assert client.post(f"/moderation/{edit.pk}/", {"action": "approve"}).status_code == 302  # to the login
    assert Revision.objects.get(pk=edit.pk).status == "pending"
    client.force_login(moderator)
    assert client.get(f"/moderation/{edit.pk}/").status_code == 405
    assert client.post(f"/moderation/{edit.pk}/", {"action": "delete"}).status_code == 400
    assert client.post("/moderation/999999/", {"action": "approve"}).status_code == 404
    client.force_login(make_user("camille"))
    assert client.post(f"/moderation/{edit.pk}/", {"action": "approve"}).status_code == 403
    assert client.post(f"/moderation/{edit.pk}/", {"action": "vote_for"}).status_code == 403


def test_open_reports_are_listed_and_can_be_marked_as_handled(client, moderator, member):
    report = services.report(initiative=member, reason="moved", comment=XSS, email=SECRET)
    client.force_login(moderator)
    page = html(client.get("/moderation/"))
    assert "Signalements ouverts" in page and "A déménagé" in page
    assert ESCAPED in page and XSS not in page and SECRET not in page
    response = client.post("/moderation/", {"action": "resolve", "report": report.pk}, follow=True)
    assert followed_messages(response) == ["Signalement sur « Tiers-lieu » marqué comme traité."]
    assert Report.objects.get(pk=report.pk).resolved_by == moderator
    assert "Aucun signalement ouvert." in response.content.decode()


def test_reports_are_resolved_only_by_those_who_moderate_the_initiative(client, member):
    report = services.report(initiative=member, reason="closed")
    client.force_login(make_user("dominique", role="trusted"))
    assert client.post("/moderation/", {"action": "resolve", "report": report.pk}).status_code == 403
    assert Report.objects.get(pk=report.pk).resolved_at is None


def test_the_queue_costs_a_fixed_number_of_queries(client, moderator, member, django_assert_max_num_queries):
    theme, voters = make_theme(), [make_user(f"voix-{n}", role="trusted") for n in range(2)]
    for n in range(12):
        created = services.propose_initiative(data=proposal(name=f"Proposition {n}", themes=[theme.slug], networks=["reseau-a"]))
        for voter in voters:
            services.vote(revision=created.revision, user=voter, approve_it=True)
        services.report(initiative=member, reason="wrong")
    client.force_login(moderator)
    # session, user, 2 × permissions, revisions, votes, decidable ids, themes, networks, reports
    with django_assert_max_num_queries(10):
        assert html(client.get("/moderation/")).count('class="proposal"') == 12


# --- history ------------------------------------------------------------------------------


@pytest.fixture
def story(member, moderator):
    """Tiers-lieu: imported (v1), renamed to the XSS payload by a moderator (v2), a pending
    correction and a refused one, both anonymous."""
    services.propose_change(initiative=member, data=edited(member, name=XSS, summary=XSS), summary=XSS,
                            base_version=member.version, author=moderator, email=SECRET)  # fmt: skip
    member.refresh_from_db()
    pending = propose_edit(member, commune="Brest en attente")
    refused = propose_edit(member, commune="Quimper refusée")
    services.reject(revision=refused, moderator=moderator, reason="Ce n’est pas là.")
    return member, pending, refused


def test_the_public_history_shows_accepted_revisions_newest_first_with_escaped_diffs(client, story):
    initiative, pending, refused = story
    page = html(client.get("/initiatives/tiers-lieu/historique/"))
    titles = re.findall(r'<h3 id="revision-\d+-title">(.*?)</h3>', page)
    assert titles == ["Modification — version 2", "Import — version 1"]
    assert XSS not in page and "<img src=x" not in page
    assert re.search(rf"Nom</th>\s*<td class=\"old\">.*Tiers-lieu<.*<td class=\"new\">.*{re.escape(ESCAPED)}", page, re.S)
    assert "morgane" in page and SECRET not in page and "morgane@example.org" not in page
    assert "Brest en attente" not in page and "Quimper refusée" not in page
    assert "Restaurer cette version" not in page and "Archiver" not in page


def test_people_who_can_see_pending_see_every_revision_in_the_history(client, story):
    client.force_login(make_user("dominique", role="trusted"))
    page = html(client.get("/initiatives/tiers-lieu/historique/"))
    assert "Brest en attente" in page and "Quimper refusée" in page and "Ce n’est pas là." in page
    assert "En attente de modération" in page and "Refusée" in page and "anonyme" in page
    assert SECRET not in page
    assert "Restaurer cette version" not in page and "Masquer" not in page


def test_a_hidden_revision_is_masked_for_everyone_but_moderators(client, story, moderator):
    initiative = story[0]
    v2 = initiative.revisions.get(version=2)
    services.set_hidden(revision=v2, moderator=moderator, hidden=True)
    services.propose_change(initiative=initiative, data=edited(initiative, name="Tiers-lieu"),
                            base_version=initiative.version, author=moderator)  # fmt: skip
    public = html(client.get("/initiatives/tiers-lieu/historique/"))
    assert "révision masquée" in public and ESCAPED not in public
    client.force_login(make_user("dominique", role="trusted"))
    trusted = html(client.get("/initiatives/tiers-lieu/historique/"))
    assert "révision masquée" in trusted and ESCAPED not in trusted
    client.force_login(moderator)
    moderators = html(client.get("/initiatives/tiers-lieu/historique/"))
    assert ESCAPED in moderators and "masquée au public" in moderators and "Afficher" in moderators


@pytest.mark.parametrize("status", ["pending", "archived"])
def test_the_history_of_an_unpublished_initiative_is_for_moderators(client, moderator, status):
    make_initiative(slug="cachee", status=status)
    assert client.get("/initiatives/cachee/historique/").status_code == 404
    client.force_login(make_user("camille"))
    assert client.get("/initiatives/cachee/historique/").status_code == 404
    client.force_login(moderator)
    assert client.get("/initiatives/cachee/historique/").status_code == 200
    assert client.get("/initiatives/nexiste-pas/historique/").status_code == 404


def test_a_moderator_restores_a_version_from_the_history(client, story, moderator):
    initiative = story[0]
    client.force_login(moderator)
    page = html(client.get("/initiatives/tiers-lieu/historique/"))
    assert page.count("Restaurer cette version") == 1  # not the current version
    v1 = initiative.revisions.get(version=1)
    response = client.post("/initiatives/tiers-lieu/moderer/",
                           {"action": "revert", "revision": v1.pk, "version": initiative.version}, follow=True)  # fmt: skip
    assert response.redirect_chain == [("/initiatives/tiers-lieu/historique/", 302)]
    assert followed_messages(response) == ["Version 1 restaurée : c’est la version 3."]
    initiative.refresh_from_db()
    assert (initiative.name, initiative.version) == ("Tiers-lieu", 3)
    stale = client.post("/initiatives/tiers-lieu/moderer/",
                        {"action": "revert", "revision": v1.pk, "version": 2}, follow=True)  # fmt: skip
    assert "modifiée entre-temps" in followed_messages(stale)[0]


def test_archive_lock_and_hide_from_the_history(client, story, moderator):
    initiative = story[0]
    client.force_login(moderator)
    url = "/initiatives/tiers-lieu/moderer/"
    client.post(url, {"action": "archive", "version": initiative.version})
    assert Initiative.objects.get(pk=initiative.pk).status == "archived"
    assert client.get("/initiatives/tiers-lieu/").status_code == 404
    assert "Désarchiver" in html(client.get("/initiatives/tiers-lieu/historique/"))
    client.post(url, {"action": "unarchive", "version": initiative.version + 1})
    assert Initiative.objects.get(pk=initiative.pk).status == "published"
    client.post(url, {"action": "lock"})
    assert Initiative.objects.get(pk=initiative.pk).locked
    assert "Déverrouiller" in html(client.get("/initiatives/tiers-lieu/historique/"))
    client.post(url, {"action": "unlock"})
    assert not Initiative.objects.get(pk=initiative.pk).locked
    v2 = initiative.revisions.get(version=2)
    client.post(url, {"action": "hide", "revision": v2.pk})
    assert Revision.objects.get(pk=v2.pk).hidden
    client.post(url, {"action": "show", "revision": v2.pk})
    assert not Revision.objects.get(pk=v2.pk).hidden
    assert [r.kind for r in initiative.revisions.all()[:2]] == ["restore", "archive"]


def test_the_tools_of_the_history_are_for_those_who_moderate(client, story, network):
    initiative = story[0]
    url = "/initiatives/tiers-lieu/moderer/"
    assert client.post(url, {"action": "lock"}).status_code == 302  # to the login
    client.force_login(make_user("dominique", role="trusted"))
    assert client.post(url, {"action": "archive", "version": initiative.version}).status_code == 403
    client.force_login(make_user("alex", role="animator", network=network))
    page = html(client.get("/initiatives/tiers-lieu/historique/"))
    assert "Archiver" in page and "Restaurer cette version" in page
    assert "Verrouiller" not in page and "Masquer" not in page  # moderators only
    assert client.post(url, {"action": "lock"}).status_code == 403
    assert client.post(url, {"action": "hide", "revision": story[1].pk}).status_code == 403
    assert client.post(url, {"action": "archive"}).status_code == 400  # no version
    assert client.post(url, {"action": "explode"}).status_code == 400
    assert client.get(url).status_code == 405
    initiative.refresh_from_db()
    assert (initiative.status, initiative.locked) == ("published", False)


def test_the_history_costs_a_fixed_number_of_queries(client, member, moderator, django_assert_max_num_queries):
    theme = make_theme()
    for n in range(12):
        services.propose_change(initiative=member, data=edited(member, name=f"Version {n}", themes=[theme.slug]),
                                base_version=member.version, author=moderator)  # fmt: skip
        member.refresh_from_db()
        propose_edit(member, commune=f"Commune {n}")
    client.force_login(moderator)
    # initiative, session, user, 2 × permissions, revisions, themes, networks, those merged into it
    with django_assert_max_num_queries(9):
        assert html(client.get("/initiatives/tiers-lieu/historique/")).count('class="revision ') == 25


# --- recent changes and feeds -------------------------------------------------------------


@pytest.fixture
def changes(member, network, moderator):
    """Accepted changes to a member of Réseau A (themed "communs"), to Réseau A itself and to an
    initiative elsewhere; plus what must never show: pending, hidden, archived."""
    theme = make_theme(slug="communs", name_fr="Communs")
    services.propose_change(initiative=member, data=edited(member, name=XSS, themes=["communs"], summary=XSS),
                            base_version=member.version, author=moderator, summary=XSS, email=SECRET)  # fmt: skip
    services.propose_change(initiative=network, data=edited(network, summary="Le réseau A."),
                            base_version=network.version, author=moderator)  # fmt: skip
    elsewhere = make_initiative(slug="ailleurs", name="Ailleurs")
    services.propose_change(initiative=elsewhere, data=edited(elsewhere, commune="Lille"),
                            base_version=elsewhere.version, author=None)  # pending  # fmt: skip
    # Three at the same place: the moderator says they are not duplicates of each other.
    services.propose_initiative(data=proposal(name="Publiée directement"), author=moderator)
    hidden = services.propose_initiative(data=proposal(name="Masquée"), author=moderator, not_a_duplicate=True).revision
    services.set_hidden(revision=hidden, moderator=moderator, hidden=True)
    gone = services.propose_initiative(data=proposal(name="Archivée"), author=moderator, not_a_duplicate=True).initiative
    services.set_archived(initiative=gone, moderator=moderator, archived=True, base_version=gone.version)
    return theme


def test_recent_changes_list_accepted_changes_of_published_initiatives(client, changes):
    page = html(client.get("/modifications/"))
    names = re.findall(r'<a href="/initiatives/[^/]+/">(.*?)</a>\s*<span class="badge', page)
    assert names == ["Publiée directement", "Réseau A", ESCAPED, ESCAPED]  # the last: its import
    assert "Champs modifiés : Nom, Résumé, Thèmes" in page
    assert XSS not in page and SECRET not in page
    assert '<link rel="alternate" type="application/atom+xml" href="/modifications/atom/"' in page


def test_recent_changes_filter_by_theme_and_network(client, changes):
    by_theme = html(client.get("/modifications/", {"theme": "communs"}))
    assert ESCAPED in by_theme and "Réseau A</a>" not in by_theme and "Publiée directement" not in by_theme
    assert 'href="/modifications/atom/theme/communs/"' in by_theme
    by_network = html(client.get("/modifications/", {"network": "reseau-a"}))
    assert ESCAPED in by_network and "Réseau A</a>" in by_network and "Publiée directement" not in by_network
    assert 'href="/modifications/atom/reseau/reseau-a/"' in by_network
    unknown = html(client.get("/modifications/", {"theme": "inconnu"}))
    assert "Aucune modification publiée" in unknown and 'href="/modifications/atom/"' in unknown


def test_recent_changes_are_paginated_by_fifty(client, moderator, db):
    initiative = make_initiative(slug="souvent")
    for n in range(51):
        initiative.refresh_from_db()
        services.propose_change(initiative=initiative, data=edited(initiative, summary=f"Résumé {n}"),
                                base_version=initiative.version, author=moderator)  # fmt: skip
    first = html(client.get("/modifications/"))
    assert first.count("Champs modifiés") == 50 and 'rel="next"' in first and 'rel="prev"' not in first
    second = html(client.get("/modifications/", {"page": 2}))
    assert second.count("Champs modifiés") == 1 and 'rel="prev"' in second


def feed_entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [
        {"title": e.findtext(f"{ATOM}title"), "summary": e.findtext(f"{ATOM}summary"),
         "author": e.findtext(f"{ATOM}author/{ATOM}name"), "link": e.find(f"{ATOM}link").get("href")}
        for e in root.findall(f"{ATOM}entry")
    ]  # fmt: skip


def test_the_atom_feed_has_the_public_changes_with_user_text_as_text(client, changes):
    response = client.get("/modifications/atom/")
    entries = feed_entries(response)
    assert [e["title"] for e in entries] == [
        "Publiée directement — Création", "Réseau A — Modification", f"{XSS} — Modification", f"{XSS} — Import"]  # fmt: skip
    xss = entries[2]
    assert xss["link"] == "http://testserver/initiatives/tiers-lieu/" and xss["author"] == "morgane"
    # Atom summaries are HTML: the text arrives escaped once more, so a reader shows it as text.
    assert xss["summary"] == f"{ESCAPED} — Champs modifiés : Nom, Résumé, Thèmes"
    body = response.content.decode()
    assert "<script" not in body and "<img" not in body and SECRET not in body and "@example.org" not in body


def test_the_theme_feed_and_the_network_feed(client, changes, member):
    by_theme = [e["title"] for e in feed_entries(client.get("/modifications/atom/theme/communs/"))]
    assert by_theme == [f"{XSS} — Modification", f"{XSS} — Import"]
    by_network = [e["title"] for e in feed_entries(client.get("/modifications/atom/reseau/reseau-a/"))]
    assert by_network == ["Réseau A — Modification", f"{XSS} — Modification", f"{XSS} — Import"]
    assert client.get("/modifications/atom/theme/inconnu/").status_code == 404
    assert client.get("/modifications/atom/reseau/tiers-lieu/").status_code == 404  # not a network


def test_anonymous_authors_are_anonyme_in_the_feed(client, member, moderator):
    services.approve(revision=propose_edit(member, commune="Brest"), moderator=moderator)
    [entry, _import] = feed_entries(client.get("/modifications/atom/"))
    assert entry["author"] == "anonyme" and entry["summary"] == "Champs modifiés : Commune"


# --- accounts -----------------------------------------------------------------------------


def test_signing_up_logs_the_person_in_and_returns_where_they_were(client, db):
    form = html(client.get("/comptes/inscription/", {"next": "/modifications/"}))
    assert 'name="email"' in form and "Créer un compte" in form
    response = client.post("/comptes/inscription/", {
        "username": "nouvelle", "email": "nouvelle@example.org", "password1": PASSWORD, "password2": PASSWORD,
        "next": "/modifications/",
    })  # fmt: skip
    assert response.status_code == 302 and response["Location"] == "/modifications/"
    assert "nouvelle" in html(client.get("/modifications/"))  # the header shows who is logged in


def test_signup_refuses_foreign_redirects_and_taken_emails(client, db):
    make_user("camille")
    data = {"username": "autre", "email": "Camille@example.org", "password1": PASSWORD, "password2": PASSWORD}
    page = html(client.post("/comptes/inscription/", data))
    assert "Un compte utilise déjà ce courriel" in page
    data["email"] = "autre@example.org"
    response = client.post("/comptes/inscription/", {**data, "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_logging_in_and_out_in_french(client, moderator):
    page = html(client.get("/comptes/login/", {"next": "/moderation/"}))
    assert "<h1>Se connecter</h1>" in page and "Nom d’utilisateur" in page and "Mot de passe oublié ?" in page
    response = client.post("/comptes/login/", {"username": "morgane", "password": PASSWORD, "next": "/moderation/"})
    assert response["Location"] == "/moderation/"
    assert client.post("/comptes/logout/")["Location"] == "/"
    wrong = html(client.post("/comptes/login/", {"username": "morgane", "password": "non"}))
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in wrong


def test_a_forgotten_password_is_reset_by_email_with_our_pages(client, moderator):
    page = html(client.get("/comptes/password_reset/"))
    assert "<h1>Mot de passe oublié</h1>" in page and 'class="site-header"' in page
    response = client.post("/comptes/password_reset/", {"email": "morgane@example.org"}, follow=True)
    assert "<h1>Lien envoyé</h1>" in response.content.decode()
    [message] = mail.outbox
    assert message.subject == "Nouveau mot de passe — Carte des réseaux"
    link = re.search(r"http://testserver(/comptes/reset/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "<h1>Nouveau mot de passe</h1>" in form.content.decode()
    new = "un-tout-nouveau-mot-2-passe"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True)
    assert "<h1>Mot de passe enregistré</h1>" in done.content.decode()
    assert client.login(username="morgane", password=new)
