"""Collaborative editing at the service level, against the real PostGIS: who may do what, how a
proposal becomes public (or never does), votes, and a history that restores exactly."""

import csv
import io
import json
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission, User
from django.core.exceptions import PermissionDenied, ValidationError

from initiatives import membership_requests, permissions, services, snapshots
from initiatives.models import Initiative, NetworkAnimator, Revision, Vote
from initiatives.selectors import feature_of
from tests.factories import BREST, LYON, PASSWORD, edited, make_initiative, make_network, make_theme, make_user, proposal

pytestmark = pytest.mark.django_db

ACTORS = ("anonymous", "registered", "trusted", "animator", "other_animator", "moderator")
DENIED = "denied"


@pytest.fixture
def world(db):
    """A network with a member initiative (imported: version 1, then corrected: version 2),
    another network, one person per role, and an anonymous correction waiting."""
    theme = make_theme(slug="communs", name_fr="Communs")
    network = make_network(slug="reseau-a", name="Réseau A")
    other_network = make_network(slug="reseau-b", name="Réseau B")
    initiative = make_initiative(slug="tiers-lieu", name="Tiers-lieu", networks=[network], themes=[theme],
                                 links=[("Site", "https://tiers-lieu.example.org/")])  # fmt: skip
    imported = services.record_import(initiative)
    w = SimpleNamespace(theme=theme, network=network, other_network=other_network, imported=imported)
    w.users = {
        "anonymous": AnonymousUser(),
        "registered": make_user("camille"),
        "trusted": make_user("dominique", role="trusted"),
        "animator": make_user("alex", role="animator", network=network),
        "other_animator": make_user("sacha", role="animator", network=other_network),
        "moderator": make_user("morgane", role="moderator"),
    }
    w.moderator = w.users["moderator"]
    services.propose_change(initiative=initiative, data=edited(initiative, summary="Ateliers et café."),
                            base_version=initiative.version, author=w.moderator)  # fmt: skip
    initiative.refresh_from_db()
    w.initiative = initiative
    w.pending = services.propose_change(
        initiative=initiative, data=edited(initiative, name="Tiers-lieu du port"),
        base_version=initiative.version, author=None, email="quelquun@example.org",
    ).revision  # fmt: skip
    return w


# --- the permission matrix ----------------------------------------------------------------


def propose_new(w, user, networks=("reseau-a",)):
    outcome = services.propose_initiative(data=proposal(networks=list(networks)), author=user)
    expected = Initiative.Status.PUBLISHED if outcome.published else Initiative.Status.PENDING
    assert outcome.initiative.status == expected
    return outcome.revision.status


def propose_new_alone(w, user):
    return propose_new(w, user, networks=())


def propose_change(w, user):
    outcome = services.propose_change(initiative=w.initiative, data=edited(w.initiative, commune="Brest"),
                                      base_version=w.initiative.version, author=user)  # fmt: skip
    w.initiative.refresh_from_db()
    assert (w.initiative.commune == "Brest") == outcome.published
    return outcome.revision.status


def approve(w, user):
    services.approve(revision=w.pending, moderator=user)
    w.initiative.refresh_from_db()
    assert w.initiative.name == "Tiers-lieu du port"
    return Revision.objects.get(pk=w.pending.pk).status


def reject(w, user):
    services.reject(revision=w.pending, moderator=user, reason="Le nom n’a pas changé.")
    return Revision.objects.get(pk=w.pending.pk).status


def vote(w, user):
    services.vote(revision=w.pending, user=user, approve_it=True)
    assert Vote.objects.filter(revision=w.pending, user=user).exists()
    return Revision.objects.get(pk=w.pending.pk).status


def revert(w, user):
    outcome = services.revert(initiative=w.initiative, to_revision=w.imported, moderator=user,
                              base_version=w.initiative.version)  # fmt: skip
    assert outcome.initiative.summary == "Une initiative locale."
    return outcome.revision.status


def archive_restore(w, user):
    archived = services.set_archived(initiative=w.initiative, moderator=user, archived=True,
                                     base_version=w.initiative.version).initiative  # fmt: skip
    restored = services.set_archived(initiative=archived, moderator=user, archived=False,
                                     base_version=archived.version).initiative  # fmt: skip
    return f"{archived.status}, {restored.status}"


def lock(w, user):
    services.set_locked(initiative=w.initiative, moderator=user, locked=True)
    w.initiative.refresh_from_db()
    return "locked" if w.initiative.locked else "unlocked"


def hide(w, user):
    services.set_hidden(revision=w.pending, moderator=user, hidden=True)
    return "hidden" if Revision.objects.get(pk=w.pending.pk).hidden else "shown"


def see_pending(w, user):
    return permissions.can_see_pending(user)


# Joining Réseau A is its decision: a trusted contributor's new initiative is published at
# once, and its joining Réseau A becomes a request that waits for the network's animator (or a
# moderator) — see test_joining_networks.py.
#                  anonymous  registered  trusted     animator    other_animator  moderator
MATRIX = {
    propose_new:     ("pending", "pending", "accepted", "pending", "pending", "accepted"),
    propose_new_alone: ("pending", "pending", "accepted", "pending", "pending", "accepted"),
    propose_change:  ("pending", "pending", "accepted", "accepted", "pending", "accepted"),
    approve:         (DENIED, DENIED, DENIED, "accepted", DENIED, "accepted"),
    reject:          (DENIED, DENIED, DENIED, "rejected", DENIED, "rejected"),
    vote:            (DENIED, DENIED, "pending", DENIED, DENIED, "pending"),
    revert:          (DENIED, DENIED, DENIED, "accepted", DENIED, "accepted"),
    archive_restore: (DENIED, DENIED, DENIED, "archived, published", DENIED, "archived, published"),
    lock:            (DENIED, DENIED, DENIED, DENIED, DENIED, "locked"),
    hide:            (DENIED, DENIED, DENIED, DENIED, DENIED, "hidden"),
    see_pending:     (False, False, True, True, True, True),
}  # fmt: skip


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("action", MATRIX, ids=lambda action: action.__name__)
def test_the_permission_matrix(world, action, actor):
    expected = MATRIX[action][ACTORS.index(actor)]
    version, revisions = world.initiative.version, Revision.objects.count()
    try:
        result = action(world, world.users[actor])
    except PermissionDenied:
        result = DENIED
    assert result == expected
    if result == DENIED:  # and nothing changed
        world.initiative.refresh_from_db()
        assert (world.initiative.version, world.initiative.locked) == (version, False)
        assert Revision.objects.count() == revisions
        assert Revision.objects.get(pk=world.pending.pk).status == Revision.Status.PENDING
        assert not Revision.objects.get(pk=world.pending.pk).hidden


# --- from proposal to publication ---------------------------------------------------------


def public_views(client, slug, name):
    """What the public can read, by where: True when the initiative shows there."""

    def body(response):
        assert response.status_code in (200, 404), response.status_code
        if response.status_code == 404:
            return ""
        return b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()

    clusters = json.loads(body(client.get("/api/v1/clusters/", {"zoom": 6})))
    exported = list(csv.DictReader(io.StringIO(body(client.get("/api/v1/export.csv")).lstrip("\ufeff"))))
    return {
        "list": slug in body(client.get("/api/v1/initiatives/")),
        "detail": slug in body(client.get(f"/api/v1/initiatives/{slug}/")),
        "clusters": any(f["properties"].get("slug") == slug for f in clusters["features"]),
        "geojson": slug in body(client.get("/api/v1/export.geojson")),
        "csv": any(row["slug"] == slug for row in exported),
        "page": name in body(client.get(f"/initiatives/{slug}/")),
        "history": name in body(client.get(f"/initiatives/{slug}/historique/")),
        "search": slug in body(client.get("/api/v1/initiatives/", {"q": "zephyr"})),
        "feed": name in body(client.get("/modifications/atom/")),
        "recent changes": name in body(client.get("/modifications/")),
    }


NOWHERE = dict.fromkeys(
    ("list", "detail", "clusters", "geojson", "csv", "page", "history", "search", "feed", "recent changes"), False
)
EVERYWHERE = dict.fromkeys(NOWHERE, True)


def test_an_anonymous_proposal_is_invisible_until_a_moderator_approves_it(client, world):
    outcome = services.propose_initiative(data=proposal(), email="auteur@example.org")
    assert (outcome.initiative.status, outcome.revision.status) == ("pending", "pending")
    assert public_views(client, outcome.initiative.slug, "Fabrique Zéphyr") == NOWHERE

    services.approve(revision=outcome.revision, moderator=world.moderator)
    assert public_views(client, outcome.initiative.slug, "Fabrique Zéphyr") == EVERYWHERE
    assert "auteur@example.org" not in client.get(f"/initiatives/{outcome.initiative.slug}/historique/").content.decode()


def test_a_pending_proposal_counts_nowhere_until_approved(client, world):
    """Theme counts, network member counts and the home page's figures leave it out too."""

    def counts():
        themes = {t["slug"]: t["initiative_count"] for t in client.get("/api/v1/themes/").json()}
        networks = {n["slug"]: n["member_count"] for n in client.get("/api/v1/networks/").json()["results"]}
        return themes["communs"], networks["reseau-a"], client.get("/").context["counts"]["initiatives"]

    before = counts()
    outcome = services.propose_initiative(data=proposal(themes=["communs"], networks=["reseau-a"]))
    assert counts() == before
    services.approve(revision=outcome.revision, moderator=world.moderator)
    assert counts() == (before[0] + 1, before[1], before[2] + 1)  # the network has not said yes yet
    [request] = outcome.requests
    membership_requests.accept(request=request, user=world.moderator)
    assert counts() == (before[0] + 1, before[1] + 1, before[2] + 1)


def test_a_rejected_proposal_is_never_visible_and_is_archived_not_deleted(client, world):
    outcome = services.propose_initiative(data=proposal())
    services.reject(revision=outcome.revision, moderator=world.moderator, reason="Doublon de la fabrique.")
    assert public_views(client, outcome.initiative.slug, "Fabrique Zéphyr") == NOWHERE
    initiative = Initiative.objects.get(pk=outcome.initiative.pk)
    assert initiative.status == Initiative.Status.ARCHIVED
    revision = Revision.objects.get(pk=outcome.revision.pk)
    assert (revision.status, revision.reason, revision.decided_by) == ("rejected", "Doublon de la fabrique.", world.moderator)


def test_a_pending_correction_changes_nothing_public_until_approved(client, world):
    assert "Tiers-lieu du port" not in client.get("/initiatives/tiers-lieu/").content.decode()
    assert "Tiers-lieu du port" not in client.get("/api/v1/initiatives/tiers-lieu/").content.decode()
    services.approve(revision=world.pending, moderator=world.moderator)
    assert "Tiers-lieu du port" in client.get("/initiatives/tiers-lieu/").content.decode()
    assert "Tiers-lieu du port" in client.get("/api/v1/initiatives/tiers-lieu/").content.decode()


def test_approving_a_stale_correction_merges_it_or_reports_a_conflict(world):
    initiative = world.initiative
    services.propose_change(initiative=initiative, data=edited(initiative, commune="Brest"),
                            base_version=initiative.version, author=world.moderator)  # fmt: skip
    services.approve(revision=world.pending, moderator=world.moderator)  # another field: merged
    initiative.refresh_from_db()
    assert (initiative.name, initiative.commune) == ("Tiers-lieu du port", "Brest")

    stale = services.propose_change(initiative=initiative, data=edited(initiative, name="Le Port"),
                                    base_version=initiative.version).revision  # fmt: skip
    services.propose_change(initiative=initiative, data=edited(initiative, name="Le Grand Port"),
                            base_version=initiative.version, author=world.moderator)  # fmt: skip
    with pytest.raises(services.Conflict):
        services.approve(revision=stale, moderator=world.moderator)
    assert Revision.objects.get(pk=stale.pk).status == Revision.Status.PENDING


# --- collaborative validation -------------------------------------------------------------


@pytest.mark.parametrize("approve_it, status", [(True, "accepted"), (False, "rejected")])
def test_concordant_votes_of_trusted_contributors_decide(world, settings, approve_it, status):
    outcome = services.propose_initiative(data=proposal())
    voters = [make_user(f"voix-{n}", role="trusted") for n in range(settings.VOTES_TO_DECIDE)]
    for voter in voters[:-1]:
        services.vote(revision=outcome.revision, user=voter, approve_it=approve_it)
        assert Revision.objects.get(pk=outcome.revision.pk).status == "pending"
    services.vote(revision=outcome.revision, user=voters[-1], approve_it=approve_it)
    revision = Revision.objects.get(pk=outcome.revision.pk)
    assert (revision.status, revision.decided_by) == (status, None)
    expected = Initiative.Status.PUBLISHED if approve_it else Initiative.Status.ARCHIVED
    assert Initiative.objects.get(pk=outcome.initiative.pk).status == expected


def test_discordant_votes_do_not_decide(world, settings):
    voters = [make_user(f"voix-{n}", role="trusted") for n in range(settings.VOTES_TO_DECIDE)]
    for n, voter in enumerate(voters):
        services.vote(revision=world.pending, user=voter, approve_it=n % 2 == 0)
    assert Revision.objects.get(pk=world.pending.pk).status == "pending"


def test_a_contributor_cannot_vote_on_their_own_proposal(world, settings):
    settings.BLOCKED_DOMAINS = ["spam.example"]
    author = world.users["trusted"]
    outcome = services.propose_initiative(data=proposal(links=[["Promo", "https://spam.example/x"]]), author=author)
    assert outcome.revision.status == "pending" and "spam.example" in outcome.revision.suspicious
    with pytest.raises(PermissionDenied):
        services.vote(revision=outcome.revision, user=author, approve_it=True)
    assert not Vote.objects.filter(revision=outcome.revision).exists()


def test_a_vote_can_be_changed_but_counts_once(world):
    voter = world.users["trusted"]
    services.vote(revision=world.pending, user=voter, approve_it=True)
    services.vote(revision=world.pending, user=voter, approve_it=False)
    assert list(Vote.objects.filter(revision=world.pending).values_list("approve", flat=True)) == [False]


# --- history, revert, archive -------------------------------------------------------------


def stored_feature(initiative):
    feature = json.loads(feature_of(Initiative.objects.filter(pk=initiative.pk)))
    for moving in ("version", "updated_at"):
        feature["properties"].pop(moving)
    return feature


def test_revert_restores_fields_geometry_themes_memberships_and_links_exactly(world):
    make_theme(slug="energie")
    make_network(slug="reseau-c", name="Réseau C")
    start = services.propose_initiative(data=proposal(
        themes=["communs"], networks=["reseau-a", "reseau-b"], location_precision="exact",
        links=[["Site", "https://zephyr.example.org/"], ["Agenda", "https://zephyr.example.org/agenda"]],
    ), author=world.moderator)  # fmt: skip
    initiative = start.initiative
    before, feature_before = snapshots.take(initiative), stored_feature(initiative)

    services.propose_change(initiative=initiative, base_version=initiative.version, author=world.moderator, data=edited(
        initiative, name="Zéphyr", kind="collective", summary="Autre chose", description="", scope="regional",
        location=list(BREST), location_precision="commune", commune="Brest", themes=["energie"],
        networks=["reseau-c"], links=[["Agenda", "https://zephyr.example.org/agenda"], ["Blog", "https://blog.example.org/"]],
    ))  # fmt: skip
    initiative.refresh_from_db()
    assert snapshots.take(initiative) != before and stored_feature(initiative) != feature_before

    outcome = services.revert(initiative=initiative, to_revision=start.revision, moderator=world.moderator,
                              base_version=initiative.version)  # fmt: skip
    initiative.refresh_from_db()
    assert snapshots.take(initiative) == before
    assert stored_feature(initiative) == feature_before
    assert (outcome.revision.kind, outcome.revision.status, outcome.revision.version) == ("revert", "accepted", 3)
    assert list(initiative.revisions.values_list("kind", "version")) == [("revert", 3), ("edit", 2), ("create", 1)]


def test_a_stale_revert_is_a_conflict(world):
    with pytest.raises(services.Conflict):
        services.revert(initiative=world.initiative, to_revision=world.imported, moderator=world.moderator,
                        base_version=world.initiative.version - 1)  # fmt: skip


def test_only_accepted_versions_can_be_restored(world):
    with pytest.raises(ValidationError):
        services.revert(initiative=world.initiative, to_revision=world.pending, moderator=world.moderator,
                        base_version=world.initiative.version)  # fmt: skip


def test_archive_and_restore_are_revisions_and_nothing_is_deleted(world):
    initiative = world.initiative
    before = snapshots.take(initiative)
    counts = (Initiative.objects.count(), Revision.objects.count())
    archived = services.set_archived(initiative=initiative, moderator=world.moderator, archived=True,
                                     base_version=initiative.version)  # fmt: skip
    assert archived.initiative.status == Initiative.Status.ARCHIVED
    assert not Initiative.objects.published().filter(pk=initiative.pk).exists()
    restored = services.set_archived(initiative=initiative, moderator=world.moderator, archived=False,
                                     base_version=archived.initiative.version)  # fmt: skip
    assert restored.initiative.status == Initiative.Status.PUBLISHED
    assert snapshots.take(restored.initiative) == before
    assert (Initiative.objects.count(), Revision.objects.count()) == (counts[0], counts[1] + 2)
    assert [r.kind for r in initiative.revisions.all()[:2]] == ["restore", "archive"]
