"""The safeguards around proposals, at the service level against the real PostGIS: slugs the
database accepts, the suspicion score (blocked domains, link counts), what archiving and
approving refuse, stale proposals, locks, votes that cannot apply, and the territory filled
from the position. A refused request writes nothing: no initiative, no revision."""

import threading
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction

from initiatives import membership_requests, permissions, services
from initiatives.models import Initiative, Revision, Theme, Vote
from tests.factories import BREST, LILLE, LYON, edited, make_initiative, make_network, make_theme, make_user, proposal

pytestmark = pytest.mark.django_db


def counts():
    return Initiative.objects.count(), Revision.objects.count()


def links(n, host="example.org"):
    return [[f"Lien {i}", f"https://{host}/page-{i}"] for i in range(n)]


# --- slugs --------------------------------------------------------------------------------


@pytest.mark.parametrize("name, slug", [("Atelier_vélo", "atelier-velo"), ("_Atelier__ du _ port_", "atelier-du-port")])
def test_a_name_with_underscores_gets_a_slug_the_database_accepts(name, slug):
    outcome = services.propose_initiative(data=proposal(name=name))
    assert Initiative.objects.get(pk=outcome.initiative.pk).slug == slug


@pytest.mark.django_db(transaction=True)
def test_two_identical_names_proposed_at_the_same_moment_both_get_their_own_slug():
    """One writer holds an uncommitted "fabrique-zephyr"; the other, not seeing it, inserts the
    same slug and waits on the unique index; the first commits: the second must not fail."""
    inserted, release, errors, outcomes = threading.Event(), threading.Event(), [], []

    def first():
        try:
            with transaction.atomic():
                make_initiative(slug="fabrique-zephyr", name="Fabrique Zéphyr")
                inserted.set()
                release.wait(30)
        finally:
            connection.close()

    def second():
        inserted.wait(30)
        try:
            outcomes.append(services.propose_initiative(data=proposal(name="Fabrique Zéphyr")))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 30
    with connection.cursor() as cursor:  # wait until the second insert waits on the first
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_stat_activity"
                           " WHERE datname = current_database() AND wait_event_type = 'Lock'")  # fmt: skip
            if cursor.fetchone()[0]:
                break
            time.sleep(0.05)
    release.set()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(Initiative.objects.values_list("slug", flat=True)) == ["fabrique-zephyr", "fabrique-zephyr-2"]
    assert outcomes[0].initiative.slug == "fabrique-zephyr-2"
    assert Revision.objects.filter(initiative=outcomes[0].initiative).count() == 1


# --- suspicion: blocked domains and link counts ------------------------------------------


@pytest.mark.parametrize("url", [
    "https://ok.org@spam.example/",
    "https://u:p@spam.example",
    "https://ok.org:pass@www.SPAM.example./promo",
])  # fmt: skip
@pytest.mark.parametrize("where", ["links", "summary"])
def test_a_blocked_domain_behind_userinfo_still_goes_to_moderation(settings, url, where):
    settings.BLOCKED_DOMAINS = ["spam.example"]
    data = proposal(links=[["Promo", url]]) if where == "links" else proposal(summary=f"Voir {url} !")
    outcome = services.propose_initiative(data=data, author=make_user("dominique", role="trusted"))
    assert (outcome.revision.status, outcome.initiative.status) == ("pending", "pending")
    assert "spam.example" in outcome.revision.suspicious


def test_many_blocked_domains_make_a_message_that_fits_its_column(settings):
    settings.BLOCKED_DOMAINS = ["spam.example"]
    data = proposal(links=[[f"Promo {i}", f"https://promotion-numero-{i:03}.spam.example/"] for i in range(40)])
    outcome = services.propose_initiative(data=data)
    revision = Revision.objects.get(pk=outcome.revision.pk)
    assert revision.suspicious.startswith("domaine bloqué : promotion-numero-000.spam.example")
    assert len(revision.suspicious) == Revision._meta.get_field("suspicious").max_length
    assert revision.suspicious.endswith("…")


def test_more_links_than_allowed_send_a_trusted_proposal_to_moderation(settings):
    settings.MAX_LINKS_BEFORE_REVIEW = 3
    trusted = make_user("dominique", role="trusted")
    assert services.propose_initiative(data=proposal(links=links(3)), author=trusted).published
    outcome = services.propose_initiative(data=proposal(name="Autre", links=links(3), website="https://a.example.org/",
                                                        location=list(LILLE), commune="Lille"),
                                          author=trusted)  # another place: not a possible duplicate  # fmt: skip
    assert (outcome.revision.status, outcome.revision.suspicious) == ("pending", "4 liens")


def test_editing_an_initiative_that_already_has_many_links_is_not_suspicious(settings):
    settings.MAX_LINKS_BEFORE_REVIEW = 3
    initiative = make_initiative(links=links(6))
    outcome = services.propose_change(initiative=initiative, data=edited(initiative, summary="Nouveau résumé."),
                                      base_version=initiative.version, author=make_user("dominique", role="trusted"))  # fmt: skip
    assert outcome.published and outcome.revision.suspicious == ""
    initiative.refresh_from_db()
    assert initiative.summary == "Nouveau résumé."


def test_only_the_links_an_edit_adds_are_counted(settings):
    settings.MAX_LINKS_BEFORE_REVIEW = 3
    initiative = make_initiative(links=links(6))
    data = edited(initiative, links=links(6) + links(4, host="new.example.org"))
    outcome = services.propose_change(initiative=initiative, data=data, base_version=initiative.version,
                                      author=make_user("dominique", role="trusted"))  # fmt: skip
    assert (outcome.revision.status, outcome.revision.suspicious) == ("pending", "4 liens")


@pytest.mark.parametrize("role", ["moderator", "animator"])
def test_people_who_may_moderate_it_add_links_without_review(settings, role):
    settings.MAX_LINKS_BEFORE_REVIEW = 3
    network = make_network(slug="reseau-a")
    initiative = make_initiative(networks=[network])
    person = make_user("morgane", role=role, network=network)
    outcome = services.propose_change(initiative=initiative, data=edited(initiative, links=links(8)),
                                      base_version=initiative.version, author=person)  # fmt: skip
    assert outcome.published and outcome.revision.suspicious == ""
    if role == "moderator":
        assert services.propose_initiative(data=proposal(links=links(8)), author=person).published


def test_a_blocked_domain_sends_even_a_moderator_to_moderation(settings):
    settings.BLOCKED_DOMAINS = ["spam.example"]
    initiative = make_initiative()
    outcome = services.propose_change(
        initiative=initiative, data=edited(initiative, links=[["Promo", "https://ok.org@spam.example/"]]),
        base_version=initiative.version, author=make_user("morgane", role="moderator"),
    )  # fmt: skip
    assert outcome.revision.status == "pending" and "spam.example" in outcome.revision.suspicious
    initiative.refresh_from_db()
    assert initiative.version == 1 and not initiative.links.exists()


# --- archiving and approving a creation ---------------------------------------------------


@pytest.mark.parametrize("archived", [True, False])
def test_a_pending_initiative_can_be_neither_archived_nor_restored(archived):
    outcome = services.propose_initiative(data=proposal())
    moderator = make_user("morgane", role="moderator")
    before = counts()
    with pytest.raises(ValidationError, match="attend encore sa modération"):
        services.set_archived(initiative=outcome.initiative, moderator=moderator, archived=archived,
                              base_version=outcome.initiative.version)  # fmt: skip
    assert counts() == before
    assert Initiative.objects.get(pk=outcome.initiative.pk).status == "pending"
    services.approve(revision=outcome.revision, moderator=moderator)  # still approvable
    initiative = Initiative.objects.get(pk=outcome.initiative.pk)
    assert (initiative.status, initiative.version) == ("published", 1)


def test_a_creation_is_approved_only_while_its_initiative_is_pending():
    outcome = services.propose_initiative(data=proposal())
    Initiative.objects.filter(pk=outcome.initiative.pk).update(status=Initiative.Status.ARCHIVED)  # e.g. the admin
    before = counts()
    with pytest.raises(ValidationError, match="n’est plus en attente"):
        services.approve(revision=outcome.revision, moderator=make_user("morgane", role="moderator"))
    assert counts() == before
    assert Initiative.objects.get(pk=outcome.initiative.pk).status == "archived"
    assert Revision.objects.get(pk=outcome.revision.pk).status == "pending"


# --- stale proposals ----------------------------------------------------------------------


@pytest.fixture
def member():
    make_theme(slug="communs")
    return make_initiative(slug="tiers-lieu", name="Tiers-lieu", networks=[make_network(slug="reseau-a")])


def archive_network(slug):
    Initiative.objects.filter(slug=slug).update(status=Initiative.Status.ARCHIVED)


def test_approving_a_correction_whose_theme_was_deleted_since_is_refused_and_writes_nothing(member):
    pending = services.propose_change(initiative=member, data=edited(member, themes=["communs"]),
                                      base_version=member.version).revision  # fmt: skip
    Theme.objects.filter(slug="communs").delete()
    before = counts()
    with pytest.raises(ValidationError) as error:
        services.approve(revision=pending, moderator=make_user("morgane", role="moderator"))
    assert "themes" in error.value.message_dict
    assert counts() == before
    member.refresh_from_db()
    assert member.version == 1 and Revision.objects.get(pk=pending.pk).status == "pending"


def test_a_correction_joining_a_network_archived_since_cannot_be_accepted(member):
    make_network(slug="reseau-b")
    outcome = services.propose_change(initiative=member, data=edited(member, networks=["reseau-a", "reseau-b"]),
                                      base_version=member.version)  # fmt: skip
    assert outcome.revision is None  # only a joining: a request to the network, no correction
    archive_network("reseau-b")
    before = counts()
    with pytest.raises(ValidationError) as error:
        membership_requests.accept(request=outcome.requests[0], user=make_user("morgane", role="moderator"))
    assert "network" in error.value.message_dict
    assert counts() == before
    assert list(member.networks.values_list("slug", flat=True)) == ["reseau-a"]


def test_a_creation_in_a_network_archived_since_is_approved_without_it():
    make_network(slug="reseau-b")
    outcome = services.propose_initiative(data=proposal(networks=["reseau-b"]))
    archive_network("reseau-b")
    moderator = make_user("morgane", role="moderator")
    assert services.approve(revision=outcome.revision, moderator=moderator).published
    with pytest.raises(ValidationError) as error:
        membership_requests.accept(request=outcome.requests[0], user=moderator)
    assert "network" in error.value.message_dict
    assert not Initiative.objects.get(pk=outcome.initiative.pk).networks.exists()


def test_the_members_of_a_network_archived_later_can_still_be_corrected(member):
    archive_network("reseau-a")
    pending = services.propose_change(initiative=member, data=edited(member, summary="Toujours là."),
                                      base_version=member.version).revision  # fmt: skip
    services.approve(revision=pending, moderator=make_user("morgane", role="moderator"))
    member.refresh_from_db()
    assert member.summary == "Toujours là." and list(member.networks.values_list("slug", flat=True)) == ["reseau-a"]


# --- locks --------------------------------------------------------------------------------


@pytest.fixture
def locked(member):
    Initiative.objects.filter(pk=member.pk).update(locked=True)
    member.refresh_from_db()
    return member


def test_a_network_animator_cannot_edit_a_locked_initiative_of_their_network(locked):
    animator = make_user("alex", role="animator", network=Initiative.objects.get(slug="reseau-a"))
    assert permissions.can_moderate(animator, locked) and not permissions.can_edit(animator, locked)
    archived = make_initiative(status="archived", networks=[Initiative.objects.get(slug="reseau-a")])
    assert permissions.can_edit(animator, archived)  # archived, not locked: theirs to restore
    before = counts()
    with pytest.raises(PermissionDenied):
        services.propose_change(initiative=locked, data=edited(locked, summary="Changé."),
                                base_version=locked.version, author=animator)  # fmt: skip
    assert counts() == before
    moderator = make_user("morgane", role="moderator")
    assert services.propose_change(initiative=locked, data=edited(locked, summary="Changé."),
                                   base_version=locked.version, author=moderator).published  # fmt: skip


def test_a_network_animator_can_neither_approve_nor_revert_on_a_locked_initiative(member):
    imported = services.record_import(member)
    pending = services.propose_change(initiative=member, data=edited(member, summary="Changé."),
                                      base_version=member.version).revision  # fmt: skip
    Initiative.objects.filter(pk=member.pk).update(locked=True)
    animator = make_user("alex", role="animator", network=Initiative.objects.get(slug="reseau-a"))
    before = counts()
    with pytest.raises(PermissionDenied):
        services.approve(revision=pending, moderator=animator)
    with pytest.raises(PermissionDenied):
        services.revert(initiative=member, to_revision=imported, moderator=animator, base_version=member.version)
    assert counts() == before
    member.refresh_from_db()
    assert (member.version, member.summary) == (1, "Une initiative locale.")
    assert Revision.objects.get(pk=pending.pk).status == "pending"


# --- votes that cannot apply --------------------------------------------------------------


@pytest.mark.parametrize("obstacle", ["conflict", "theme deleted", "locked"])
def test_a_deciding_vote_that_cannot_apply_is_kept_and_the_proposal_waits(member, settings, obstacle):
    pending = services.propose_change(initiative=member, data=edited(member, name="Le Port", themes=["communs"]),
                                      base_version=member.version).revision  # fmt: skip
    if obstacle == "conflict":
        services.propose_change(initiative=member, data=edited(member, name="Le Grand Port"),
                                base_version=member.version, author=make_user("morgane", role="moderator"))  # fmt: skip
    elif obstacle == "theme deleted":
        Theme.objects.filter(slug="communs").delete()
    else:
        Initiative.objects.filter(pk=member.pk).update(locked=True)
    voters = [make_user(f"voix-{n}", role="trusted") for n in range(settings.VOTES_TO_DECIDE)]
    for voter in voters:
        decided = services.vote(revision=pending, user=voter, approve_it=True)
    assert decided.status == "pending"
    assert Vote.objects.filter(revision=pending, approve=True).count() == settings.VOTES_TO_DECIDE
    assert Revision.objects.get(pk=pending.pk).status == "pending"
    assert Initiative.objects.get(pk=member.pk).name == ("Le Grand Port" if obstacle == "conflict" else "Tiers-lieu")


# --- the territory, from the position -----------------------------------------------------

EMPTY_TERRITORY = {"commune": "", "postal_code": "", "insee_code": "", "department_code": "", "region_code": ""}


def territory(initiative):
    initiative.refresh_from_db()
    return {name: getattr(initiative, name) for name in EMPTY_TERRITORY}


def test_a_position_without_its_commune_gets_it_from_the_gazetteer():
    outcome = services.propose_initiative(data=proposal(location=list(LYON), **EMPTY_TERRITORY))
    assert territory(outcome.initiative) == {
        "commune": "Lyon", "postal_code": "69001", "insee_code": "69123", "department_code": "69", "region_code": "84",
    }  # fmt: skip
    assert outcome.revision.snapshot["insee_code"] == "69123"


def test_the_territory_the_person_gave_is_never_replaced():
    given = {**EMPTY_TERRITORY, "commune": "Lyon", "postal_code": "69003"}
    outcome = services.propose_initiative(data=proposal(location=list(LYON), **given))
    assert territory(outcome.initiative) == {
        "commune": "Lyon", "postal_code": "69003", "insee_code": "69123", "department_code": "69", "region_code": "84",
    }  # fmt: skip
    # A commune that is not the one found at the position: nothing is guessed around it.
    other = services.propose_initiative(data=proposal(name="Autre", location=list(LYON),
                                                      **{**EMPTY_TERRITORY, "commune": "Villeurbanne"}))  # fmt: skip
    assert territory(other.initiative) == {**EMPTY_TERRITORY, "commune": "Villeurbanne"}


def test_only_codes_the_model_accepts_are_filled():
    outcome = services.propose_initiative(data=proposal(location=[-149.57, -17.53], **EMPTY_TERRITORY))
    assert territory(outcome.initiative) == {  # Polynésie française is no region of the model's kind
        "commune": "Papeete", "postal_code": "98714", "insee_code": "98735", "department_code": "987", "region_code": "",
    }  # fmt: skip


def test_a_correction_that_moves_the_position_without_the_commune_gets_it_too():
    initiative = make_initiative(at=LYON)
    moved = services.propose_change(initiative=initiative, data=edited(initiative, location=list(BREST)),
                                    base_version=initiative.version).revision  # fmt: skip
    assert (moved.snapshot["commune"], moved.snapshot["insee_code"]) == ("Brest", "29019")
    # Left where it was, it is left as it was: the edit changes only what the person changed.
    unmoved = services.propose_change(initiative=initiative, data=edited(initiative, summary="Au port."),
                                      base_version=initiative.version).revision  # fmt: skip
    assert (unmoved.snapshot["commune"], unmoved.snapshot["insee_code"]) == ("", "")
