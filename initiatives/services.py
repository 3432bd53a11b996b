"""The writes every door (web forms, API, moderation pages, admin, importer) goes through,
each under a transaction, gathered for the doors in one import. Where each lives:

- proposals: a new initiative or a correction, from data to published or pending;
- moderation: approve, reject, vote, revert, archive, lock, hide, reports;
- changes: the one place a version moves and a revision is recorded (no lost edit, no
  empty change), also used by the admin and the importer."""

from .changes import Conflict, Outcome, VersionRequired, record_import, snapshot_at
from .moderation import approve, reject, report, resolve_report, revert, set_archived, set_hidden, set_locked, vote
from .proposals import propose_change, propose_initiative

__all__ = [
    "Conflict", "Outcome", "VersionRequired", "approve", "propose_change", "propose_initiative",
    "record_import", "reject", "report", "resolve_report", "revert", "set_archived", "set_hidden",
    "set_locked", "snapshot_at", "vote",
]  # fmt: skip
