"""Joining a network takes both sides: the network's animators and whoever already speaks
for the initiative. Three people: an animator of the network, a moderator, an outsider."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from initiatives import indicators, membership_requests as requests
from initiatives.models import Membership, MembershipRequest
from tests.factories import make_initiative, make_network, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    network = make_network(slug="coop", name="Coop")
    return {
        "network": network,
        "member": make_initiative(slug="fablab", name="Fablab"),
        "animator": make_user("animatrice", role="animator", network=network),
        "moderator": make_user("moderatrice", role="moderator"),
        "outsider": make_user("passant"),
    }


def test_a_request_is_public_only_once_both_sides_agree(people):
    request = requests.request_to_join(member=people["member"], network=people["network"], user=people["outsider"])
    assert request.status == "pending" and not Membership.objects.exists()
    assert indicators.network_indicators(people["network"])["direct_count"] == 0
    requests.accept(request=request, user=people["animator"])  # the network agrees
    request.refresh_from_db()
    assert request.status == "pending" and not Membership.objects.exists()  # the initiative has not
    requests.accept(request=request, user=people["moderator"])
    request.refresh_from_db()
    assert (request.status, request.decided_by, request.network_agreed_by, request.member_agreed_by) == (
        "accepted", people["moderator"], people["animator"], people["moderator"])
    assert indicators.network_indicators(people["network"])["direct_count"] == 1


def test_an_animator_cannot_take_over_an_initiative_by_bringing_it_in(people):
    """The animator may not agree for the initiative: only those who already moderate it."""
    request = requests.request_to_join(member=people["member"], network=people["network"], user=people["animator"])
    with pytest.raises(ValidationError):
        requests.accept(request=request, user=people["animator"])
    assert not Membership.objects.exists()


def test_an_invitation_accepted_by_the_initiative(people):
    invitation = requests.invite(network=people["network"], member=people["member"], user=people["animator"])
    assert invitation.network_agreed_by == people["animator"] and invitation.status == "pending"
    requests.accept(request=invitation, user=people["moderator"])
    assert Membership.objects.filter(member=people["member"], network=people["network"]).exists()


def test_the_animators_of_an_existing_network_speak_for_its_members(people):
    other = make_network(slug="autre", name="Autre")
    Membership.objects.create(member=people["member"], network=people["network"])
    invitation = requests.invite(network=other, member=people["member"], user=make_user("x", role="animator", network=other))
    requests.accept(request=invitation, user=people["animator"])  # Coop's animator, for the fablab
    assert Membership.objects.filter(member=people["member"], network=other).exists()


def test_outsiders_can_neither_invite_nor_decide(people):
    with pytest.raises(PermissionDenied):
        requests.invite(network=people["network"], member=people["member"], user=people["outsider"])
    request = requests.request_to_join(member=people["member"], network=people["network"], user=people["outsider"])
    for act in (lambda: requests.accept(request=request, user=people["outsider"]),
                lambda: requests.decline(request=request, user=people["outsider"])):  # fmt: skip
        with pytest.raises(PermissionDenied):
            act()
    assert MembershipRequest.objects.get().status == "pending"
    assert list(requests.pending_for(people["outsider"], people["network"])) == []
    assert list(requests.pending_for(people["animator"], people["network"])) == [request]


def test_a_declined_request_is_kept_as_history(people):
    request = requests.request_to_join(member=people["member"], network=people["network"], user=people["outsider"])
    requests.decline(request=request, user=people["animator"], reason="Hors du territoire")
    request.refresh_from_db()
    assert (request.status, request.decided_by, request.reason) == ("declined", people["animator"], "Hors du territoire")
    assert not Membership.objects.exists()
    with pytest.raises(ValidationError, match="déjà été traitée"):
        requests.accept(request=request, user=people["moderator"])
    # A new request may follow a declined one, but only one may wait at a time.
    requests.request_to_join(member=people["member"], network=people["network"], user=people["outsider"])
    with pytest.raises(ValidationError, match="déjà en attente"):
        requests.request_to_join(member=people["member"], network=people["network"], user=people["outsider"])


def test_a_moderator_speaks_for_both_sides_at_once(people):
    request = requests.request_to_join(member=people["member"], network=people["network"], user=people["moderator"])
    assert request.status == "accepted"
    with pytest.raises(ValidationError, match="déjà membre"):
        requests.request_to_join(member=people["member"], network=people["network"], user=people["outsider"])


def test_accepting_a_request_that_would_close_a_cycle_is_refused(people):
    inner = make_network(slug="inner", name="Inner", networks=[people["network"]])
    request = MembershipRequest.objects.create(member=people["network"], network=inner, origin="member",
                                               created_by=people["outsider"])  # fmt: skip
    with pytest.raises(ValidationError, match="ne peut pas devenir membre"):
        requests.accept(request=request, user=people["moderator"])
    request.refresh_from_db()
    assert (request.status, request.member_agreed_by) == ("pending", None)
    assert not Membership.objects.filter(member=people["network"]).exists()
    with pytest.raises(ValidationError, match="ne peut pas devenir membre"):  # and at the door
        requests.invite(network=inner, member=people["network"], user=people["moderator"])


def test_anonymous_people_cannot_ask(people):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        requests.request_to_join(member=people["member"], network=people["network"], user=AnonymousUser())
