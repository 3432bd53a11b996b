"""Joining a network is the network's decision and the initiative's: nobody takes over an
initiative by declaring it a member of the network they animate."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from initiatives import membership_requests, permissions, services, snapshots
from initiatives.models import Initiative, MembershipRequest, Revision
from tests.factories import edited, make_initiative, make_network, make_user, proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    return make_network(slug="reseau-a", name="Réseau A")


@pytest.fixture
def outsider(network):
    """A trusted contributor who animates Réseau A: trusted, so their edits publish directly."""
    user = make_user("alex", role="animator", network=network)
    user.groups.add(Group.objects.get_or_create(name=permissions.TRUSTED_GROUP)[0])
    return user


@pytest.fixture
def unrelated():
    return make_initiative(slug="tiers-lieu", name="Tiers-lieu")


def test_an_animator_cannot_take_over_an_initiative_through_the_api(outsider, unrelated):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=outsider).key}")
    etag = client.get("/api/v1/initiatives/tiers-lieu/")["ETag"]
    response = client.patch("/api/v1/initiatives/tiers-lieu/", {"networks": ["reseau-a"]}, format="json",
                            HTTP_IF_MATCH=etag)  # fmt: skip
    assert response.status_code == 200, response.content  # nothing else to change: a request was opened
    assert list(unrelated.networks.all()) == []
    [request] = MembershipRequest.objects.filter(member=unrelated, status="pending")
    assert (request.network_agreed_by, request.member_agreed_by) == (outsider, None)
    assert not permissions.can_moderate(outsider, unrelated)
    with pytest.raises(PermissionDenied):
        services.set_archived(initiative=unrelated, moderator=outsider, archived=True, base_version=unrelated.version)
    unrelated.refresh_from_db()
    assert unrelated.status == Initiative.Status.PUBLISHED


def test_a_proposed_membership_is_a_request_that_waits_for_the_other_side(outsider, unrelated, settings):
    outcome = services.propose_change(initiative=unrelated, data=edited(unrelated, networks=["reseau-a"], summary="Neuf."),
                                      base_version=unrelated.version, author=outsider)  # fmt: skip
    assert outcome.published  # the correction itself: a trusted contributor's
    unrelated.refresh_from_db()
    assert (unrelated.summary, list(unrelated.networks.all())) == ("Neuf.", [])
    assert Revision.objects.get(pk=outcome.revision.pk).snapshot["networks"] == []
    [request] = outcome.requests
    with pytest.raises(ValidationError):  # the outsider already agreed for the network; not for the initiative
        membership_requests.accept(request=request, user=outsider)
    assert list(unrelated.networks.all()) == []

    membership_requests.accept(request=request, user=make_user("morgane", role="moderator"))
    assert list(unrelated.networks.values_list("slug", flat=True)) == ["reseau-a"]
    assert permissions.can_moderate(outsider, unrelated)  # now the network's and the moderation's decision


def test_an_anonymous_proposal_asks_the_network_and_creates_no_membership(network):
    outcome = services.propose_initiative(data=proposal(networks=["reseau-a"]))
    [request] = outcome.requests
    assert (request.created_by, request.member_agreed_by, request.network_agreed_by) == (None, None, None)
    moderator = make_user("morgane", role="moderator")
    services.approve(revision=outcome.revision, moderator=moderator)
    assert not outcome.initiative.networks.exists()
    membership_requests.accept(request=request, user=make_user("sacha", role="animator", network=network))
    assert not outcome.initiative.networks.exists()  # the initiative's side is still to agree
    membership_requests.accept(request=request, user=moderator)
    assert list(outcome.initiative.networks.all()) == [network]


def test_an_animator_of_its_network_speaks_for_it_but_not_for_another_network(network, unrelated):
    b = make_network(slug="reseau-b", name="Réseau B")
    member = make_initiative(slug="membre", name="Membre", networks=[network])
    animator = make_user("alex", role="animator", network=network)
    outcome = services.propose_change(initiative=member, data=edited(member, summary="Nouveau résumé."),
                                      base_version=member.version, author=animator)  # fmt: skip
    assert outcome.published
    member.refresh_from_db()
    outcome = services.propose_change(initiative=member, data=edited(member, networks=["reseau-a", "reseau-b"]),
                                      base_version=member.version, author=animator)  # fmt: skip
    assert outcome.revision is None
    [request] = outcome.requests
    assert (request.network, request.member_agreed_by, request.network_agreed_by) == (b, animator, None)
    assert list(member.networks.all()) == [network]
    assert not permissions.may_join(animator, unrelated, [network.slug])  # not through the joining itself
    assert permissions.may_join(make_user("b", role="animator", network=b), None, [b.slug])


def test_a_revert_does_not_bring_back_a_membership_without_the_network(network):
    b = make_network(slug="reseau-b", name="Réseau B")
    member = make_initiative(slug="membre", name="Membre", networks=[network, b])
    old = services.record_import(member)
    moderator = make_user("morgane", role="moderator")
    services.propose_change(initiative=member, data=edited(member, networks=["reseau-a"]),
                            base_version=member.version, author=moderator)  # fmt: skip
    member.refresh_from_db()
    animator = make_user("alex", role="animator", network=network)
    with pytest.raises(PermissionDenied):
        services.revert(initiative=member, to_revision=old, moderator=animator, base_version=member.version)
    assert list(member.networks.all()) == [network]


def test_an_animator_does_not_approve_their_own_new_member(network):
    animator = make_user("alex", role="animator", network=network)
    outcome = services.propose_initiative(data=proposal(networks=["reseau-a"]), author=animator)
    assert not outcome.published
    with pytest.raises(PermissionDenied):
        services.approve(revision=outcome.revision, moderator=animator)
    other = make_user("sacha", role="animator", network=network)
    assert services.approve(revision=outcome.revision, moderator=other).published


def test_a_pending_network_cannot_be_joined(unrelated):
    make_network(slug="secret", name="Réseau secret", status=Initiative.Status.PENDING)
    with pytest.raises(ValidationError) as refused:
        services.propose_change(initiative=unrelated, data=edited(unrelated, networks=["secret"]),
                                base_version=unrelated.version, author=make_user("m", role="moderator"))  # fmt: skip
    assert "networks" in refused.value.message_dict
    assert snapshots.take(unrelated)["networks"] == []


def test_the_queue_offers_an_animator_the_new_members_of_others_not_their_own(network):
    from django.test import Client

    animator, other = make_user("alex", role="animator", network=network), make_user("sacha", role="animator", network=network)
    services.propose_initiative(data=proposal(name="Lieu d’Alex", networks=["reseau-a"]), author=animator)
    client = Client()
    client.force_login(animator)
    assert 'value="approve"' not in client.get("/moderation/").content.decode()
    client.force_login(other)
    page = client.get("/moderation/").content.decode()
    assert "Lieu d’Alex" in page and 'value="approve"' in page
