"""What the moderation does with proposals and initiatives: approve, refuse or ask for
changes, vote (trusted contributors), restore a version, archive, lock, hide a revision,
resolve a report. Who may do which is initiatives.permissions'; the writes are
initiatives.changes'."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permissions, snapshots
from .changes import Conflict, Outcome, apply_change, person, write
from .models import Initiative, Report, Revision, Vote
from .notifications import notify_decision


@transaction.atomic
def approve(*, revision, moderator, by_votes=False):
    """Publish a pending proposal. A correction based on an older version is merged with what
    changed since; if the same field changed on both sides, it is a Conflict to resolve."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    initiative = Initiative.objects.select_for_update().get(pk=revision.initiative_id)
    if not by_votes and not permissions.can_decide(moderator, revision):
        raise PermissionDenied
    permissions.check_unlocked(moderator, initiative)
    _check_pending(revision)
    if revision.kind == Revision.Kind.CREATE:
        if initiative.status != Initiative.Status.PENDING:
            raise ValidationError(_(
                "Cette initiative n’est plus en attente de modération : sa proposition de "
                "création ne peut plus être approuvée."
            ))  # fmt: skip
        # Themes and networks may have gone since the proposal: refuse rather than guess.
        snapshots.validate(revision.snapshot, slug=initiative.slug)
        _check_joining(moderator, initiative, revision.snapshot["networks"])
        initiative.status = Initiative.Status.PUBLISHED
        initiative.save(update_fields=["status", "updated_at"])
    else:
        current = snapshots.take(initiative)
        merged, conflicts = snapshots.merge(revision.base_snapshot, revision.snapshot, current)
        if conflicts:
            raise Conflict(initiative, revision.base_version)
        snapshots.validate(merged, initiative=initiative)  # a theme or network may have gone
        _check_joining(moderator, initiative, snapshots.joined(current, merged))
        write(initiative, merged, base_version=initiative.version)
        # The revision records what was applied (the merge), so that restoring it later
        # never brings back values that changed since the proposal.
        revision.snapshot, revision.base_snapshot = merged, current
    revision.version = initiative.version
    _decide(revision, Revision.Status.ACCEPTED, moderator, "")
    return Outcome(initiative, revision)


@transaction.atomic
def reject(*, revision, moderator, reason, by_votes=False, request_changes=False):
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    if not by_votes and not permissions.can_moderate(moderator, revision.initiative):
        raise PermissionDenied
    _check_pending(revision)
    if not reason.strip() and not by_votes:
        raise ValidationError({"reason": [_("Dites pourquoi, pour la personne qui a proposé.")]})
    status = Revision.Status.CHANGES_REQUESTED if request_changes else Revision.Status.REJECTED
    _decide(revision, status, moderator, reason)
    if revision.kind == Revision.Kind.CREATE:
        # A creation that is not accepted leaves the queue for good: archived (restorable),
        # never left pending with nothing to decide. Asked for changes, the person sends a
        # new proposal (the notice says where).
        Initiative.objects.filter(pk=revision.initiative_id).update(status=Initiative.Status.ARCHIVED)
    return revision


@transaction.atomic
def vote(*, revision, user, approve_it):
    """Trusted contributors vote; VOTES_TO_DECIDE concordant votes decide without a moderator."""
    if not permissions.is_trusted(user):
        raise PermissionDenied
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    _check_pending(revision)
    if revision.author_id == user.pk:
        raise PermissionDenied(_("On ne vote pas pour sa propre proposition."))
    Vote.objects.update_or_create(revision=revision, user=user, defaults={"approve": approve_it})
    same = revision.votes.filter(approve=approve_it).count()
    if same >= settings.VOTES_TO_DECIDE:
        if approve_it:
            # If the proposal cannot be applied as it is (a conflict, a theme gone), or is not
            # the voters' to decide (locked, joining a network), the vote still counts and the
            # proposal waits for a moderator.
            try:
                with transaction.atomic():
                    return approve(revision=revision, moderator=None, by_votes=True).revision
            except (Conflict, ValidationError, PermissionDenied):
                return revision
        return reject(revision=revision, moderator=None, reason=_("Refusée par les votes."), by_votes=True)
    return revision


def _check_pending(revision):
    if revision.status != Revision.Status.PENDING:
        raise ValidationError(_("Cette proposition a déjà été traitée."))


def _check_joining(user, initiative, networks):
    if not permissions.may_join(user, initiative, networks):
        raise PermissionDenied(_(
            "Cette proposition fait entrer l’initiative dans un réseau : c’est à la modération, "
            "ou à qui anime à la fois ce réseau et l’initiative, d’en décider."
        ))  # fmt: skip


def _decide(revision, status, moderator, reason):
    revision.status = status
    revision.decided_by = person(moderator)
    revision.decided_at = timezone.now()
    revision.reason = reason
    revision.save()
    notify_decision(revision)


# --- moderators' tools ----------------------------------------------------------------------


@transaction.atomic
def revert(*, initiative, to_revision, moderator, base_version):
    """Restore the state a revision recorded; it makes a new revision."""
    if not permissions.can_moderate(moderator, initiative):
        raise PermissionDenied
    if to_revision.initiative_id != initiative.pk or to_revision.status != Revision.Status.ACCEPTED:
        raise ValidationError(_("Seule une version publiée de cette initiative peut être restaurée."))
    current = Initiative.objects.select_for_update().get(pk=initiative.pk)
    permissions.check_unlocked(moderator, current)
    base = snapshots.take(current)
    snapshots.validate(to_revision.snapshot, initiative=current)
    _check_joining(moderator, current, snapshots.joined(base, to_revision.snapshot))
    return apply_change(current, to_revision.snapshot, base_version=int(base_version), kind=Revision.Kind.REVERT,
                        author=moderator, summary=_("Retour à la version %d") % to_revision.version,
                        base=base, decided_by=moderator)  # fmt: skip


@transaction.atomic
def set_archived(*, initiative, moderator, archived, base_version):
    """Archiving is how things are removed: restorable, and recorded."""
    if not permissions.can_moderate(moderator, initiative):
        raise PermissionDenied
    current = Initiative.objects.select_for_update().get(pk=initiative.pk)
    permissions.check_unlocked(moderator, current)
    if current.status == Initiative.Status.PENDING:
        # It was never published: approving or refusing its creation is the way.
        raise ValidationError(_(
            "Cette initiative attend encore sa modération : approuvez ou refusez sa "
            "proposition de création plutôt que de l’archiver ou de la désarchiver."
        ))  # fmt: skip
    if current.merged_into_id:
        raise ValidationError(_("Cette initiative a été fusionnée dans une autre : c’est celle-ci qui vit."))
    base = snapshots.take(current)
    return apply_change(
        current, base, base_version=int(base_version),
        kind=Revision.Kind.ARCHIVE if archived else Revision.Kind.RESTORE, author=moderator,
        summary="", base=base, decided_by=moderator,
        status=Initiative.Status.ARCHIVED if archived else Initiative.Status.PUBLISHED,
    )  # fmt: skip


def set_locked(*, initiative, moderator, locked):
    if not permissions.is_moderator(moderator):
        raise PermissionDenied
    Initiative.objects.filter(pk=initiative.pk).update(locked=locked)


def set_hidden(*, revision, moderator, hidden):
    if not permissions.is_moderator(moderator):
        raise PermissionDenied
    Revision.objects.filter(pk=revision.pk).update(hidden=hidden)


@transaction.atomic
def report(*, initiative, reason, comment="", email="", reporter=None):
    item = Report(initiative=initiative, reason=reason, comment=comment, email=email,
                  reporter=person(reporter))  # fmt: skip
    item.full_clean()
    item.save()
    return item


def resolve_report(*, item, moderator):
    if not permissions.can_moderate(moderator, item.initiative):
        raise PermissionDenied
    Report.objects.filter(pk=item.pk).update(resolved_at=timezone.now(), resolved_by=moderator)
