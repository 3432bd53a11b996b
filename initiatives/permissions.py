"""Who may do what. The web views and the API both ask these, never decide themselves.

- anyone: propose a new initiative or a correction (moderated), report a problem;
- a trusted contributor (TRUSTED_AFTER_ACCEPTED accepted proposals, or in the "trusted"
  group): publishes directly, sees pending proposals and votes on them;
- a network animator: moderates the initiatives that belong to their network;
- a moderator (the "moderate" permission, e.g. the "moderators" group, or staff): everything
  — the queue, revert, hide a revision, archive/restore, lock;
- only an administrator deletes, in the admin.
"""

from django.conf import settings

from .models import Initiative, Membership, Revision

TRUSTED_GROUP = "trusted"


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
    """The revisions among `revisions` that `user` may decide."""
    if is_moderator(user):
        return revisions
    networks = animated_network_ids(user)
    return revisions.filter(initiative__in=Initiative.objects.filter(id__in=networks)) | revisions.filter(
        initiative__memberships__network_id__in=networks
    )


def can_edit(user, initiative):
    """May this person propose a change? A locked initiative: moderators only (locking is
    theirs, against everyone else, network animators included). An archived one: those who
    may moderate it, since they may restore it too."""
    if initiative.locked:
        return is_moderator(user)
    if initiative.status == Initiative.Status.ARCHIVED:
        return can_moderate(user, initiative)
    return True


def publishes_directly(user, initiative=None):
    """Are this person's edits published without moderation?"""
    if initiative is not None and initiative.pk and can_moderate(user, initiative):
        return True
    return is_trusted(user)


def can_see_pending(user):
    return is_trusted(user) or bool(animated_network_ids(user))
