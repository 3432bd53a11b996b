"""Joining a network takes both sides (issue 11, item 8; "la cooptation", seed 001).

An initiative joins a network only once someone who speaks for the network *and* someone who
speaks for the initiative have agreed:

- for a network: a moderator, or one of its animators;
- for an initiative: a moderator, or an animator of a network it already belongs to (or of
  the initiative itself, when it is a network) — the people who already moderate it.

A contributor may ask on an initiative's behalf (a request), a network's animators may invite
(an invitation); whoever opens it agrees for the sides they speak for, and the request waits
for the other. Either side may decline. Being able to propose a correction to an initiative
is not speaking for it: otherwise anyone could bring an initiative into a network, whose
animators would then moderate it (permissions.can_moderate) — a takeover.

Only the last agreement writes the Membership, through memberships.add_membership (a cycle is
refused in French and nothing is written). Until then nothing is public: the map, the pages,
the API and the indicators read memberships only. Each request keeps who asked, who agreed
for each side, who decided, when and why: the history.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permissions
from .memberships import add_membership, check_no_cycle
from .models import Initiative, Membership, MembershipRequest

Origin, Status = MembershipRequest.Origin, MembershipRequest.Status


def speaks_for_network(user, network):
    return permissions.is_moderator(user) or network.pk in permissions.animated_network_ids(user)


def speaks_for_member(user, member):
    return permissions.can_moderate(user, member)


def _check_can_join(member, network):
    if network.kind != Initiative.Kind.NETWORK or network.status != Initiative.Status.PUBLISHED:
        raise ValidationError({"network": [_("« %(name)s » n’est pas un réseau publié.") % {"name": network.name}]})
    if member.pk == network.pk:
        raise ValidationError({"network": [_("Une initiative ne peut pas être membre d’elle-même.")]})
    if Membership.objects.filter(member=member, network=network).exists():
        raise ValidationError({"network": [_("« %(member)s » est déjà membre de « %(network)s ».")
                                           % {"member": member.name, "network": network.name}]})  # fmt: skip
    check_no_cycle(member, [network])


@transaction.atomic
def _open(*, member, network, origin, user, message):
    _check_can_join(member, network)
    try:
        with transaction.atomic():
            request = MembershipRequest.objects.create(
                member=member, network=network, origin=origin, created_by=user, message=message
            )
    except IntegrityError:  # membership_request_one_pending
        raise ValidationError({"network": [_("Une demande est déjà en attente entre « %(member)s » et « %(network)s ».")
                                           % {"member": member.name, "network": network.name}]}) from None  # fmt: skip
    return _agree(request, user)


def request_to_join(*, member, network, user, message=""):
    """A signed-in contributor asks that `member` join `network`."""
    if not (user and user.is_authenticated):
        raise PermissionDenied(_("Connectez-vous pour demander une adhésion."))
    return _open(member=member, network=network, origin=Origin.MEMBER, user=user, message=message)


def invite(*, network, member, user, message=""):
    """The network's animators (or a moderator) invite `member`."""
    if not speaks_for_network(user, network):
        raise PermissionDenied(_("Seuls les animateurs du réseau ou la modération peuvent inviter."))
    return _open(member=member, network=network, origin=Origin.NETWORK, user=user, message=message)


def proposed_joining(user, member, snapshot, base=None):
    """Split the networks a proposal's `snapshot` joins (those not in `base`; all of them for
    a new initiative, `member` None) into what `user` decides at once and what needs the
    network's say. Returns the snapshot keeping only the networks `user` may make it join —
    they speak for the network and for the initiative (its author, for a new one) — and the
    other networks joined, for ask_on_proposal. A proposal never writes a membership anyone
    else must agree to: that goes through a request, like any other."""
    before = set(base["networks"]) if base else set()
    joined = Initiative.objects.networks().filter(slug__in=set(snapshot["networks"]) - before)
    for_member = member is None or speaks_for_member(user, member)
    asked = [network for network in joined if not (for_member and speaks_for_network(user, network))]
    if not asked:
        return snapshot, []
    skipped = {network.slug for network in asked}
    return {**snapshot, "networks": [slug for slug in snapshot["networks"] if slug not in skipped]}, asked


def ask_on_proposal(*, member, networks, user, new):
    """The requests for the networks a proposal asked to join (see proposed_joining), opened on
    `member`'s behalf by its proposer (None when anonymous), who agrees for the initiative when
    they speak for it — as the author of a new one does. An identical pending request is
    kept as it is. Returns the requests."""
    author = user if user is not None and user.is_authenticated else None
    requests = []
    for network in networks:
        pending = MembershipRequest.objects.filter(member=member, network=network, status=Status.PENDING).first()
        if pending is None:
            pending = MembershipRequest.objects.create(
                member=member, network=network, origin=Origin.MEMBER, created_by=author,
                member_agreed_by=author if new else None,
            )  # fmt: skip
            if author is not None:
                pending = _agree(pending, author)
        requests.append(pending)
    return requests


def _sides(user, request):
    return (speaks_for_member(user, request.member), speaks_for_network(user, request.network))


def _agree(request, user):
    for_member, for_network = _sides(user, request)
    if for_member and request.member_agreed_by_id is None:
        request.member_agreed_by = user
    if for_network and request.network_agreed_by_id is None:
        request.network_agreed_by = user
    if request.member_agreed_by_id and request.network_agreed_by_id:
        _check_can_join(request.member, request.network)  # the network may have been archived since
        add_membership(member=request.member, network=request.network)
        request.status, request.decided_by, request.decided_at = Status.ACCEPTED, user, timezone.now()
    request.save()
    return request


def _locked_pending(request, user):
    request = MembershipRequest.objects.select_for_update().select_related("member", "network").get(pk=request.pk)
    if request.status != Status.PENDING:
        raise ValidationError(_("Cette demande a déjà été traitée."))
    if not any(_sides(user, request)):
        raise PermissionDenied(_("Seuls le réseau (ses animateurs) et l’initiative (qui la modère) en décident."))
    return request


@transaction.atomic
def accept(*, request, user):
    """`user` agrees for the side(s) they speak for; once both sides have agreed the
    membership is written and becomes public. A membership that would close a cycle is
    refused in French, and the request stays as it was."""
    request = _locked_pending(request, user)
    for_member, for_network = _sides(user, request)
    if not ((for_member and request.member_agreed_by_id is None) or (for_network and request.network_agreed_by_id is None)):
        raise ValidationError(_("Vous avez déjà donné votre accord ; l’autre partie doit donner le sien."))
    return _agree(request, user)


@transaction.atomic
def decline(*, request, user, reason=""):
    """Either side declines a pending request or invitation."""
    request = _locked_pending(request, user)
    request.status, request.decided_by, request.decided_at, request.reason = Status.DECLINED, user, timezone.now(), reason
    request.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    return request


def pending_for(user, network):
    """The pending requests and invitations of `network`, for those who speak for it (its
    page shows them to its animators); nobody else sees them."""
    if not speaks_for_network(user, network):
        return MembershipRequest.objects.none()
    return network.received_membership_requests.filter(status=Status.PENDING).select_related("member", "created_by")
