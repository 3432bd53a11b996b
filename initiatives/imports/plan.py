"""Plan an import row by row (the dry run), then, if asked, write it: in one transaction,
through the same validation as the form (snapshots.validate) and the same write path as the
other imports (snapshots.apply + services.record_import).

Re-imports match on (source, source id). A row equal to what is stored writes nothing: the
same file twice makes no new version and no dataset bump. Rows whose source is this site
itself (our own export coming back) match on the slug."""

from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from .. import memberships, snapshots
from ..models import Initiative
from ..services import record_import
from ..slugs import unique_slug
from . import dedup, mapping as mappings, readers, text
from .errors import ImportRefused
from .records import Categories, read_entry
from .report import CREATED, DUPLICATE, INVALID, UNCHANGED, UPDATED, Report, RowReport

SOURCE_ID_MAX = Initiative._meta.get_field("source_id").max_length
SOURCE_MAX = Initiative._meta.get_field("source").max_length


@dataclass
class Planned:
    report: RowReport
    snapshot: dict = None
    pk: int = None
    version: int = None


def run_import(data, *, format, source=None, mapping_path=None, mapping=None, apply=False, skip_invalid=False,
               accept_duplicates=False, progress=lambda rows: rows, reconcile=None):  # fmt: skip
    """Read `data` (bytes) as `format`, report what importing it does; write it if `apply`.
    `mapping` (already parsed) or `mapping_path` (a YAML file) overrides the format's default.
    `progress` wraps the row iterator (a progress bar). `reconcile(initiative, local, entry)`,
    if given, says which of the source's values an existing initiative takes (a dict of
    entry.data's keys; by default all of them): the scheduled sync's three-way check.
    Raises ImportRefused, writing nothing, for a file that cannot be read, or when applying a
    report with invalid rows (unless `skip_invalid`)."""
    if format not in readers.READERS:
        raise ImportRefused(_("Format inconnu : %(format)s (formats : %(known)s).") % {"format": format, "known": ", ".join(readers.READERS)})
    source = (source or format).strip()
    if not source or len(source) > SOURCE_MAX:
        raise ImportRefused(_("Nom de source vide ou trop long (%d caractères au plus).") % SOURCE_MAX)
    mapping = mapping or mappings.load(format, mapping_path)
    decoded, encoding = text.decode(data)
    report = Report(format=format, source=source, encoding=encoding)
    if format in ("csv", "mednum"):
        report.delimiter = readers.csv_delimiter(decoded)
    planner = _Planner(source, mapping, accept_duplicates, reconcile)
    plans = [planner.plan(row) for row in progress(readers.READERS[format](decoded))]
    report.rows = [p.report for p in plans]
    report.unmatched_categories = planner.unmatched
    if apply:
        if report.count(INVALID) and not skip_invalid:
            raise ImportRefused(_("%d ligne(s) invalide(s) : rien n’a été importé. Corrigez-les, ou relancez avec "
                                  "--skip-invalid pour importer les autres.") % report.count(INVALID))  # fmt: skip
        _write(plans, source)
        report.applied = True
    return report


class _Planner:
    def __init__(self, source, mapping, accept_duplicates, reconcile=None):
        self.source, self.mapping, self.accept_duplicates = source, mapping, accept_duplicates
        self.reconcile = reconcile
        self.own = source.lower() == settings.REPUBLISH_SOURCE_NAME.lower()
        self.categories = Categories(mapping)
        existing = Initiative.objects.all() if self.own else Initiative.objects.filter(source__iexact=source)
        key = "slug" if self.own else "source_id"
        self.existing = dict(existing.exclude(**{key: ""}).values_list(key, "pk").iterator(chunk_size=5000))
        self.finder = dedup.Finder(source)
        self.seen = {}
        self.unmatched = Counter()

    def plan(self, row):
        entry = read_entry(row, self.mapping, self.categories)
        self.unmatched.update(entry.unmatched)
        report = RowReport(where=row.where, status=INVALID, source_id=entry.source_id,
                           name=str(entry.data.get("name", "")))  # fmt: skip
        errors = list(entry.errors)
        if not entry.source_id:
            errors.append(("id", _("identifiant à la source manquant : sans lui, une réimportation ne pourrait pas reconnaître la fiche")))
        elif len(entry.source_id) > SOURCE_ID_MAX:
            errors.append(("id", _("identifiant à la source trop long (%d caractères au plus)") % SOURCE_ID_MAX))
        elif entry.source_id in self.seen:
            errors.append(("id", _("identifiant « %(id)s » déjà vu (%(where)s)") % {"id": entry.source_id, "where": self.seen[entry.source_id]}))
        else:
            self.seen[entry.source_id] = row.where
        if errors:
            report.errors = errors
            return Planned(report)

        pk = self.existing.get(entry.source_id)
        current = Initiative.objects.get(pk=pk) if pk else None
        base = snapshots.take(current) if current else {**self.mapping["defaults"]}
        provided = self.reconcile(current, base, entry) if current and self.reconcile else entry.data
        merged = {**base, **provided}
        if "location_precision" not in provided and provided.get("location", base.get("location")) != base.get("location"):
            merged["location_precision"] = Initiative.Precision.EXACT if merged["location"] else ""  # placed anew
        snapshot = snapshots.normalise(merged)
        if current is not None:
            report.slug = current.slug
            before = snapshots.normalise(base)
            report.changed = [key for key in snapshots.KEYS if before[key] != snapshot[key]]
            if not report.changed:  # nothing will be written: nothing to validate
                report.status, report.name = UNCHANGED, snapshot["name"]
                return Planned(report)
        try:
            snapshots.validate(snapshot, initiative=current)
        except ValidationError as exc:
            report.errors = [(name, " ".join(messages)) for name, messages in exc.message_dict.items()]
            return Planned(report)
        report.name = snapshot["name"]
        if current is None:
            candidates = self.finder.candidates(snapshot, entry.source_id)
            if candidates and not self.accept_duplicates:
                report.status, report.candidates = DUPLICATE, candidates
                return Planned(report)
            report.status = CREATED
            return Planned(report, snapshot)
        if current.locked:
            report.errors = [("", _("verrouillée par la modération : l’import ne la modifie pas"))]
            return Planned(report)
        report.status = UPDATED
        return Planned(report, snapshot, pk=current.pk, version=current.version)


@transaction.atomic
def _write(plans, source):
    summary = _("import %s") % source
    for plan in plans:
        if plan.report.status == CREATED:
            initiative = Initiative(status=Initiative.Status.PUBLISHED, source=source,
                                    source_id=plan.report.source_id, slug=unique_slug(plan.snapshot["name"]))  # fmt: skip
            _apply(initiative, plan)
        elif plan.report.status == UPDATED:
            # The version check of services: a row changed since the dry run stops the import.
            if not Initiative.objects.filter(pk=plan.pk, version=plan.version).update(version=F("version") + 1):
                raise ImportRefused(_("« %s » a été modifiée pendant l’import : relancez-le.") % plan.report.name)
            initiative = Initiative.objects.get(pk=plan.pk)
            _apply(initiative, plan)
        else:
            continue
        plan.report.slug = initiative.slug
        record_import(initiative, summary=summary)


def _apply(initiative, plan):
    """snapshots.apply, with the database's refusal of a membership cycle said in French. Each
    row was checked against the map in the dry run, but two rows can close a cycle between
    them (Alpha joins Beta, then Beta joins Alpha): the whole import is refused."""
    if initiative.kind != Initiative.Kind.NETWORK or not plan.snapshot["networks"]:  # no cycle possible
        return snapshots.apply(initiative, plan.snapshot)
    try:
        with transaction.atomic():
            return snapshots.apply(initiative, plan.snapshot)
    except IntegrityError as exc:
        if not memberships.is_cycle_error(exc):
            raise
        try:  # the earlier rows are written: the path is there to name
            memberships.check_no_cycle(initiative, Initiative.objects.filter(slug__in=plan.snapshot["networks"]))
            reason = _("un réseau ne peut pas appartenir à l’un de ses propres membres.")
        except ValidationError as cycle:
            reason = " ".join(cycle.messages)
        raise ImportRefused(_("%(where)s (« %(name)s ») : %(reason)s Rien n’a été importé.")
                            % {"where": plan.report.where, "name": plan.report.name, "reason": reason}) from None

