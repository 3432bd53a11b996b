"""Never silently overwrite a local edit. For each field a source provides, three values:
base (what the source said at the last sync, kept in SourceRecord), local (what is stored
here now) and remote (what the source says now).

- remote equals base, or local: nothing to take (a local edit stays);
- local equals base: only the source changed it, its value is taken;
- both changed, differently: a conflict — the local value stays and the source's becomes a
  pending proposal for moderators (initiatives.proposals).

A record seen for the first time has no base: the source's values are taken, as a plain
import does."""

from dataclasses import dataclass, field

from .. import snapshots
from ..models import SourceRecord


@dataclass
class Seen:
    """One existing initiative as the source gave it this time."""

    pk: int
    remote: dict  # provided keys -> the source's value, normalised as snapshots hold it
    conflicts: dict = field(default_factory=dict)  # keys both sides changed -> the source's value


class ThreeWay:
    """The importer's `reconcile` hook for one source; remembers what it saw."""

    def __init__(self, source):
        self.source = source
        self.bases = dict(SourceRecord.objects.filter(source=source).values_list("initiative_id", "values"))
        self.seen = {}  # source_id -> Seen

    def __call__(self, initiative, local, entry):
        remote = snapshots.normalise({**local, **entry.data})
        remote = {key: remote[key] for key in entry.data if key in snapshots.KEYS}
        base = self.bases.get(initiative.pk)
        seen = Seen(initiative.pk, remote)
        take = {}
        for key, theirs in remote.items():
            mine = local[key]
            if theirs == mine:
                continue
            if base is None or key not in base or base[key] == mine:
                take[key] = entry.data[key]
            elif base[key] != theirs:
                seen.conflicts[key] = theirs
        self.seen[entry.source_id] = seen
        return take
