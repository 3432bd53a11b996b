"""A proposal's way, top to bottom: a new initiative or a correction comes in as plain data
(a form's or the API's), becomes a snapshot, gets its territory filled from its position,
is checked by the model's rules, scored for spam, then either published at once (trusted
contributors, and those who moderate the initiative) or left pending for the moderation
(initiatives.moderation). Every write happens in initiatives.changes, under a transaction."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import duplicates, membership_requests, permissions, snapshots
from .changes import Conflict, Outcome, VersionRequired, apply_change, person
from .models import Initiative, Revision
from .slugs import insert_with_unique_slug
from .spam import fit, suspicion
from .territory_filling import fill_territory


@transaction.atomic
def propose_initiative(*, data, author=None, email="", summary="", not_a_duplicate=False):
    """A new initiative: published at once when a trusted contributor sends it and nothing in
    it looks suspicious; else pending. The networks it asks to join without their say become
    requests to them (membership_requests.proposed_joining).

    If it looks like published ones (initiatives.duplicates), PossibleDuplicates, nothing
    written — unless the author says it is another one (`not_a_duplicate`): then the
    moderation sees which ones it looked like (it can still merge them)."""
    snapshot = fill_territory(snapshots.normalise(data))
    snapshots.validate(snapshot)
    candidates = duplicates.for_proposal(snapshot)
    if candidates and not not_a_duplicate:
        raise duplicates.PossibleDuplicates(candidates)
    snapshot, asked = membership_requests.proposed_joining(author, None, snapshot)
    suspicious = suspicion(snapshot, count_links=not permissions.is_moderator(author))
    if candidates and not suspicious and not permissions.is_moderator(author):
        suspicious = fit(_("doublon possible, écarté par l’auteur : %s") % "; ".join(map(str, candidates)))
    direct = permissions.publishes_directly(author) and not suspicious
    initiative = Initiative(
        status=Initiative.Status.PUBLISHED if direct else Initiative.Status.PENDING,
        source="contribution",
    )
    insert_with_unique_slug(initiative, snapshot)
    revision = Revision.objects.create(
        initiative=initiative, kind=Revision.Kind.CREATE,
        status=Revision.Status.ACCEPTED if direct else Revision.Status.PENDING,
        snapshot=snapshot, version=1 if direct else None, author=person(author),
        author_email=email, summary=summary, suspicious=suspicious,
        decided_at=timezone.now() if direct else None,
    )  # fmt: skip
    requests = membership_requests.ask_on_proposal(member=initiative, networks=asked, user=author, new=True)
    return Outcome(initiative, revision, requests)


@transaction.atomic
def propose_change(*, initiative, data, base_version, author=None, email="", summary=""):
    """A correction. Refused with Conflict if `base_version` is not the current one; nothing
    happens if it changes nothing; applied at once for trusted contributors and moderators of
    the initiative (unless suspicious), else pending. The networks it joins without their say
    become requests to them (membership_requests.proposed_joining)."""
    if base_version is None:
        raise VersionRequired()
    snapshot = snapshots.normalise(data)
    if snapshot["location"] != snapshots.position(initiative):  # placed anew: as the form's script
        snapshot = fill_territory(snapshot)  # before the lock: the geocoder may ask a server
    current = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if not permissions.can_edit(author, current):
        raise PermissionDenied(permissions.LOCKED)
    if current.version != int(base_version):
        raise Conflict(current, base_version)
    base = snapshots.take(current)
    if snapshot == base:
        return Outcome(current, None)
    snapshots.validate(snapshot, initiative=current)
    snapshot, asked = membership_requests.proposed_joining(author, current, snapshot, base)
    requests = membership_requests.ask_on_proposal(member=current, networks=asked, user=author, new=False)
    if snapshot == base:
        return Outcome(current, None, requests)
    suspicious = suspicion(snapshot, base=base, count_links=not permissions.can_moderate(author, current))
    if permissions.publishes_directly(author, current) and not suspicious:
        outcome = apply_change(current, snapshot, base_version=current.version, kind=Revision.Kind.EDIT,
                               author=author, email=email, summary=summary, base=base)  # fmt: skip
        outcome.requests = requests
        return outcome
    revision = Revision.objects.create(
        initiative=current, kind=Revision.Kind.EDIT, status=Revision.Status.PENDING,
        snapshot=snapshot, base_version=current.version, base_snapshot=base,
        author=person(author), author_email=email, summary=summary, suspicious=suspicious,
    )  # fmt: skip
    return Outcome(current, revision, requests)
