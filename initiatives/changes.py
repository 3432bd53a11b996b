"""How a change to an initiative is written, whoever made it (a trusted contributor, a
moderator's decision, a revert, archiving, the admin, an import): the one place its version
moves and its revision is recorded.

No lost edit: a change carries the version it started from. The check-and-write is one
`UPDATE … SET version = version + 1 WHERE id = %s AND version = %s`: of two concurrent writers
starting from the same version, exactly one gets its row; the other gets a Conflict.

No empty change: a change that leaves everything as it is writes nothing — no revision, no
new version, no new dataset version (the triggers bump it on any write)."""

from dataclasses import dataclass, field

from django.db.models import F
from django.utils import timezone

from . import snapshots
from .models import Initiative, Revision


class Conflict(Exception):
    """The initiative changed since the version the edit started from."""

    def __init__(self, initiative, base_version):
        super().__init__(f"version {base_version} is stale: {initiative} is at {initiative.version}")
        self.initiative = initiative
        self.base_version = base_version


class VersionRequired(Exception):
    """A change to an existing initiative must say which version it started from."""


@dataclass
class Outcome:
    """What a proposal became. `revision` is None when it changed nothing: what was sent is
    what is already published, and nothing was recorded. `requests`: the requests to join a
    network it opened, waiting for the networks' say (membership_requests.proposed_joining)."""

    initiative: Initiative
    revision: Revision | None
    requests: list = field(default_factory=list)

    @property
    def published(self):
        return self.revision is None or self.revision.status == Revision.Status.ACCEPTED


def person(user):
    """The account to record (None for an anonymous visitor)."""
    return user if user is not None and user.is_authenticated else None


def claim_version(initiative, base_version, **fields):
    """The one place a version moves: check that `initiative` is still at `base_version` and
    take the next one (with `fields` updated in the same statement), else a Conflict."""
    claimed = Initiative.objects.filter(pk=initiative.pk, version=base_version).update(
        version=F("version") + 1, **fields
    )
    if not claimed:
        raise Conflict(Initiative.objects.get(pk=initiative.pk), base_version)
    initiative.refresh_from_db()


def unchanged(initiative, snapshot, base, status=None):
    return snapshot == base and status in (None, initiative.status)


def write(initiative, snapshot, *, base_version, status=None):
    """Claim the next version, then write `snapshot` onto the row and its relations, in the
    caller's transaction (which holds the row)."""
    claim_version(initiative, base_version, **({"status": status} if status else {}))
    snapshots.apply(initiative, snapshot)


def apply_change(initiative, snapshot, *, base_version, base, kind, author, summary, email="",
                 decided_by=None, status=None):  # fmt: skip
    """Write an accepted change and record its revision; nothing at all if it changes nothing."""
    if initiative.version != base_version:
        raise Conflict(initiative, base_version)
    if unchanged(initiative, snapshot, base, status):
        return Outcome(initiative, None)
    write(initiative, snapshot, base_version=base_version, status=status)
    revision = Revision.objects.create(
        initiative=initiative, kind=kind, status=Revision.Status.ACCEPTED, snapshot=snapshot,
        base_version=base_version, base_snapshot=base, version=initiative.version,
        author=person(author), author_email=email, summary=summary,
        decided_by=person(decided_by), decided_at=timezone.now(),
    )  # fmt: skip
    return Outcome(initiative, revision)


def record_import(initiative, *, created=True, author=None, summary="import"):
    """The admin and the importer write the row themselves (they set what no proposal
    carries: status, source, slug, lock); then they come here, so that a change of theirs
    (`created` False) takes the next version and leaves its revision like any other."""
    if not created:
        claim_version(initiative, initiative.version)
    return Revision.objects.create(
        initiative=initiative, kind=Revision.Kind.IMPORT, status=Revision.Status.ACCEPTED,
        snapshot=snapshots.take(initiative), version=initiative.version, author=person(author),
        summary=summary, decided_at=timezone.now(),
    )  # fmt: skip


def snapshot_at(initiative, version):
    """The state an initiative had at `version`, from its history (None if unknown)."""
    revision = initiative.revisions.filter(version=version, status=Revision.Status.ACCEPTED).first()
    return revision.snapshot if revision else None
