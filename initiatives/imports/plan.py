"""Plan an import batch by batch (the dry run), then, if asked, write each batch: all in one
transaction, through the same validation as the form (snapshots.validate) and writing what
the single-row path writes (the rows, their relations, an import revision each).

Each batch of rows costs a fixed number of queries, whatever its size: the stored states of
the rows it matches, the duplicate candidates of its new rows, and the bulk writes
(writes.py). Rows are read as a stream; the writes a batch plans wait in a temporary file,
so memory does not grow with the file (nor does the report: report.py). Every row
is planned before anything is written: each is judged against the database as it was
before the import, exactly as in the dry run, and a refused import has written nothing.

Re-imports match on (source, source id). A row equal to what is stored writes nothing: the
same file twice makes no new version and no dataset bump. Rows whose source is this site
itself (our own export coming back) match on the slug."""

import pickle
import tempfile
from collections import Counter
from dataclasses import dataclass
from itertools import islice

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from .. import snapshots
from ..models import Initiative
from . import dedup, mapping as mappings, readers, text
from .cycles import CycleWatch
from .errors import ImportRefused
from .records import Categories, read_entry
from .report import CREATED, DUPLICATE, INVALID, UNCHANGED, UPDATED, Report, RowReport
from .stored import read_stored
from .worker import second_thread
from .writes import Writer

SOURCE_ID_MAX = Initiative._meta.get_field("source_id").max_length
SOURCE_MAX = Initiative._meta.get_field("source").max_length
BATCH_ROWS = 1000


@dataclass(slots=True)
class Planned:
    report: RowReport
    snapshot: dict = None
    pk: int = None
    version: int = None
    before: dict = None  # the stored snapshot an update starts from
    body: str = None  # the snapshot as its revision holds it (writes.Writer.prepare)


def run_import(data, *, format, source=None, mapping_path=None, mapping=None, apply=False, skip_invalid=False,
               accept_duplicates=False, progress=lambda rows: rows, reconcile=None, every_row=False):  # fmt: skip
    """Read `data` (bytes, or a binary file open for reading) as `format`, report what
    importing it does; write it if `apply`.
    `mapping` (already parsed) or `mapping_path` (a YAML file) overrides the format's default.
    `progress` wraps the row iterator (a progress bar). `reconcile(stored, local, entry)`,
    if given, says which of the source's values an existing initiative takes (a dict of
    entry.data's keys; by default all of them): the scheduled sync's three-way check.
    `every_row` keeps every row of the report in detail (by default: those to act on, and
    the first ones; the others are counted).
    Raises ImportRefused, writing nothing, for a file that cannot be read, or when applying a
    report with invalid rows (unless `skip_invalid`)."""
    if format not in readers.READERS:
        raise ImportRefused(_("Format inconnu : %(format)s (formats : %(known)s).") % {"format": format, "known": ", ".join(readers.READERS)})
    source = (source or format).strip()
    if not source or len(source) > SOURCE_MAX:
        raise ImportRefused(_("Nom de source vide ou trop long (%d caractères au plus).") % SOURCE_MAX)
    mapping = mapping or mappings.load(format, mapping_path)
    stream, encoding = text.open_text(data)
    report = Report(format=format, source=source, encoding=encoding, every_row=every_row)
    if format in ("csv", "mednum"):
        report.delimiter = readers.csv_delimiter(readers.first_line(stream))
    planner = _Planner(source, mapping, accept_duplicates, reconcile)
    invalid = 0
    with tempfile.TemporaryFile(prefix="carte-import-") as pending:
        for plans in _planned(planner, _batches(progress(readers.READERS[format](stream)), BATCH_ROWS)):
            invalid += sum(1 for plan in plans if plan.report.status == INVALID)
            writes = []
            for plan in plans:
                index = report.add(plan.report)
                if apply and plan.report.status in (CREATED, UPDATED):
                    # A tuple, not the dataclasses: pickling those costs three times as much.
                    row = plan.report
                    writes.append((index, row.status, row.source_id, row.name, plan.snapshot, plan.pk, plan.version,
                                   plan.before))  # fmt: skip
            if writes:
                pickle.dump(writes, pending, protocol=pickle.HIGHEST_PROTOCOL)
        report.unmatched_categories = planner.unmatched
        if apply:
            if invalid and not skip_invalid:
                raise ImportRefused(_("%d ligne(s) invalide(s) : rien n’a été importé. Corrigez-les, ou relancez avec "
                                      "--skip-invalid pour importer les autres.") % invalid)  # fmt: skip
            pending.seek(0)
            _write(pending, report, source)
            report.applied = True
    return report


@transaction.atomic
def _write(pending, report, source):
    """Write the planned batches kept in `pending`, in one transaction. Each batch is written
    in the import's second thread while this one reads the next back and prepares what needs
    no query: that Python runs beside the server's work on the batch before (one connection,
    so the batches' statements never interleave)."""
    writer = Writer(source)
    with second_thread() as submit:
        writing = None
        for plans in _read_back(pending, report):
            writer.prepare(plans)
            if writing:
                writing.result()  # raises what the write raised
            writing = submit(writer.write, plans)
        if writing:
            writing.result()


def _read_back(pending, report):
    """The planned batches kept in `pending`, as [Planned]."""
    while True:
        try:
            writes = pickle.load(pending)
        except EOFError:
            return
        yield [
            # A row kept in the report gets its slug there; the others are only counted.
            Planned(report.rows[index] if index is not None else RowReport("", status, source_id, name),
                    snapshot, pk, version, before)
            for index, status, source_id, name, snapshot, pk, version, before in writes
        ]  # fmt: skip


def _planned(planner, batches):
    """[Planned] for each batch, in order. A batch's duplicate query runs in a second thread
    while the next batch is validated and the one after it read: the thread waits on the
    server, the validation and the reading run in Python. (Awaited right after the next
    batch's validation, the query often was not done: a 100,000-row dry run waited 4 s for
    it.) A batch's stored states are read before its predecessor's duplicate query starts,
    so that neither waits for the other's query."""
    with second_thread() as submit:
        judged = None  # the last batch validated, its duplicates not asked yet
        asked = None  # (plans, future of their duplicates): the batch before it
        for batch in batches:
            entries, stored = planner.read(batch)
            if asked:
                plans, found = asked
                planner.mark_duplicates(*found.result())
                yield plans
            asked = (judged, submit(planner.duplicates, judged)) if judged else None
            judged = planner.judge(entries, stored)
        if asked:
            plans, found = asked
            planner.mark_duplicates(*found.result())
            yield plans
        if judged:
            planner.mark_duplicates(*planner.duplicates(judged))
            yield judged


def _batches(rows, size):
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        yield batch


class _Planner:
    def __init__(self, source, mapping, accept_duplicates, reconcile=None):
        self.source, self.mapping, self.accept_duplicates = source, mapping, accept_duplicates
        self.reconcile = reconcile
        self.own = source.lower() == settings.REPUBLISH_SOURCE_NAME.lower()
        self.categories = Categories(mapping)
        self.known = snapshots.Known()
        self.finder = dedup.Finder(source)
        self.cycles = CycleWatch()
        # lower(source) and a source id, as the unique (source, source id) index has them,
        # so that the lookup uses it.
        self.existing = (Initiative.objects.all() if self.own
                         else Initiative.objects.alias(source_key=Lower("source"))
                         .filter(source_key=source.lower()).exclude(source_id=""))  # fmt: skip
        self.key = "slug" if self.own else "source_id"
        self.seen = {}  # source id -> the position of the row that had it
        self.unmatched = Counter()

    def read(self, rows):
        """A batch's (row, entry) pairs, and the stored states of the rows they match (one query)."""
        entries = [(row, read_entry(row, self.mapping, self.categories)) for row in rows]
        ids = [entry.source_id for _row, entry in entries if entry.source_id]
        return entries, read_stored(self.existing, self.key, ids, snapshots.FIELDS)

    def judge(self, entries, stored):
        """[Planned] for a batch, duplicates aside."""
        return [self._plan(row, entry, stored) for row, entry in entries]

    def duplicates(self, plans):
        """The batch's new rows, and their duplicate candidates (one query)."""
        new = [plan for plan in plans if plan.report.status == CREATED]
        return new, self.finder.candidates_of([(plan.snapshot, plan.report.source_id) for plan in new])

    def mark_duplicates(self, new, candidates):
        for plan, found in zip(new, candidates):
            if found and not self.accept_duplicates:
                plan.report.status, plan.report.candidates, plan.snapshot = DUPLICATE, found, None

    def _plan(self, row, entry, stored):
        self.unmatched.update(entry.unmatched)
        report = RowReport(where=row.where, status=INVALID, source_id=entry.source_id,
                           name=str(entry.data.get("name", "")))  # fmt: skip
        errors = list(entry.errors)
        if not entry.source_id:
            errors.append(("id", _("identifiant à la source manquant : sans lui, une réimportation ne pourrait pas reconnaître la fiche")))
        elif len(entry.source_id) > SOURCE_ID_MAX:
            errors.append(("id", _("identifiant à la source trop long (%d caractères au plus)") % SOURCE_ID_MAX))
        elif entry.source_id in self.seen:
            where = f"{row.label} {self.seen[entry.source_id]}"
            errors.append(("id", _("identifiant « %(id)s » déjà vu (%(where)s)") % {"id": entry.source_id, "where": where}))
        else:
            self.seen[entry.source_id] = row.position  # an int per row, not its "ligne 12" text
        if errors:
            report.errors = errors
            return Planned(report)

        current = stored.get(entry.source_id)
        base = current.snapshot if current else {**self.mapping["defaults"]}
        provided = self.reconcile(current, base, entry) if current and self.reconcile else entry.data
        merged = {**base, **provided}
        if "location_precision" not in provided and provided.get("location", base.get("location")) != base.get("location"):
            merged["location_precision"] = Initiative.Precision.EXACT if merged["location"] else ""  # placed anew
        snapshot = snapshots.normalise(merged)
        report.location = snapshot["location"]
        if current is not None:
            report.slug = current.slug
            before = snapshots.normalise(base)
            report.changed = [key for key in snapshots.KEYS if before[key] != snapshot[key]]
            if not report.changed:  # nothing will be written: nothing to validate
                report.status, report.name = UNCHANGED, snapshot["name"]
                return Planned(report)
            self.known.current_networks[current.pk] = set(current.snapshot["networks"])
        try:
            snapshots.validate(snapshot, initiative=current.as_initiative() if current else None, known=self.known)
        except ValidationError as exc:
            report.errors = [(name, " ".join(messages)) for name, messages in exc.message_dict.items()]
            return Planned(report)
        finally:
            if current is not None:
                self.known.current_networks.pop(current.pk, None)
        report.name = snapshot["name"]
        if current is None:
            report.status = CREATED  # unless a duplicate candidate turns up (mark_duplicates)
            return Planned(report, snapshot)
        if current.locked:
            report.errors = [("", _("verrouillée par la modération : l’import ne la modifie pas"))]
            return Planned(report)
        report.status = UPDATED
        if snapshot["kind"] == Initiative.Kind.NETWORK and snapshot["networks"]:
            refusals = self.cycles.refusals(current.slug, snapshot["name"], snapshot["networks"])
            if refusals:
                report.status, report.errors = INVALID, [("networks", " ".join(refusals))]
                return Planned(report)
        return Planned(report, snapshot, pk=current.pk, version=current.version, before=current.snapshot)
