"""Who may do what. The web views and the API both ask these, never decide themselves.

- anyone: propose a new initiative or a correction (moderated), report a problem;
- a trusted contributor (TRUSTED_AFTER_ACCEPTED accepted proposals, or in the "trusted"
  group): publishes directly (unless joining a network: see `may_join`), sees pending
  proposals and votes on them;
- a network animator: moderates the initiatives that belong to their network — through
  memberships already in place, never through one they propose (see `may_join`);
- a moderator (the "moderate" permission, e.g. the "moderators" group, or staff): everything
  — the queue, revert, hide a revision, archive/restore, lock;
- only an administrator deletes, in the admin.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from .models import Initiative, Membership, Revision

TRUSTED_GROUP = "trusted"
LOCKED = _("Cette initiative est verrouillée par la modération.")


def is_moderator(user):
    return bool(user and user.is_authenticated and (user.is_staff or user.has_perm("initiatives.moderate")))


def is_trusted(user):
    if not (user and user.is_authenticated):
        return False
    if is_moderator(user) or user.groups.filter(name=TRUSTED_GROUP).exists():
        return True
    accepted = user.revisions.filter(status=Revision.Status.ACCEPTED).exclude(kind=Revision.Kind.IMPORT)
    return accepted.count() >= settings.TRUSTED_AFTER_ACCEPTED


def animated_network_ids(user):
    if not (user and user.is_authenticated):
        return []
    return list(user.animated_networks.values_list("network_id", flat=True))


def can_moderate(user, initiative):
    """Moderators, and the animators of a network the initiative belongs to (or is)."""
    if is_moderator(user):
        return True
    networks = animated_network_ids(user)
    if not networks:
        return False
    return initiative.pk in networks or Membership.objects.filter(
        member_id=initiative.pk, network_id__in=networks
    ).exists()


def moderatable(user, revisions):
    """The items among `revisions` (revisions, or reports) about initiatives `user` moderates."""
    if is_moderator(user):
        return revisions
    networks = animated_network_ids(user)
    return revisions.filter(initiative__in=Initiative.objects.filter(id__in=networks)) | revisions.filter(
        initiative__memberships__network_id__in=networks
    )


def locked_against(user, initiative):
    """Locking is the moderators': it holds against everyone else, network animators included."""
    return initiative.locked and not is_moderator(user)


def check_unlocked(user, initiative):
    if locked_against(user, initiative):
        raise PermissionDenied(LOCKED)


def can_edit(user, initiative):
    """May this person propose a change? Not to a locked initiative unless a moderator. An
    archived one: those who may moderate it, since they may restore it too."""
    if locked_against(user, initiative):
        return False
    if initiative.status == Initiative.Status.ARCHIVED:
        return can_moderate(user, initiative)
    return True


def may_join(user, initiative, networks):
    """May this person make `initiative` (None: a new one, which its author speaks for) a
    member of the networks with these slugs, without anyone else's say? Joining is the
    network's decision and the initiative's: a moderator, or someone who animates every
    network joined *and* already speaks for the initiative through the memberships it has
    (never through the one being added). Anyone else's proposal waits for them — votes do
    not decide it — so that a membership one proposes never gives rights over an initiative."""
    if not networks or is_moderator(user):
        return True
    if initiative is not None and initiative.pk and not can_moderate(user, initiative):
        return False
    animated = Initiative.objects.filter(pk__in=animated_network_ids(user), slug__in=networks)
    return animated.count() == len(set(networks))


def can_decide(user, revision):
    """Deciding a proposal is someone else's job: only a moderator decides their own."""
    if revision.author_id is not None and user is not None and revision.author_id == user.pk:
        return is_moderator(user)
    return can_moderate(user, revision.initiative)


def decidable(user, revisions):
    """The revisions among `revisions` that `user` may decide (see can_decide)."""
    if is_moderator(user):
        return revisions
    return moderatable(user, revisions).exclude(author_id=user.pk)


def publishes_directly(user, initiative=None):
    """Are this person's edits published without moderation?"""
    if initiative is not None and initiative.pk and can_moderate(user, initiative):
        return True
    return is_trusted(user)


def can_see_pending(user, initiative=None):
    """Pending proposals: trusted contributors see them all (they vote on them); an animator
    those on the initiatives they moderate (the queue is open to them, to list those)."""
    if is_trusted(user):
        return True
    if initiative is None:
        return bool(animated_network_ids(user))
    return can_moderate(user, initiative)
