"""Sync one registered source: a conditional GET (304: nothing to do), an import through the
importer with the three-way check (threeway.py), proposals for the conflicts, and the
records that vanished from the source archived. Each source in its own transaction: one
that fails writes nothing and leaves the others alone; its error is recorded on it."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import snapshots
from ..changes import apply_change
from ..imports import ImportRefused, run_import
from ..imports.fetch import fetch
from ..imports.mapping import parse
from ..imports.report import CREATED, UNCHANGED, UPDATED
from ..models import Initiative, Revision, Source, SourceRecord
from ..proposals import propose_change
from .locking import sync_lock
from .records import remember, values_of
from .threeway import ThreeWay

logger = logging.getLogger(__name__)
VALIDATOR_MAX = Source._meta.get_field("etag").max_length


@dataclass
class Outcome:
    source: Source
    status: str  # Source.Outcome, or SKIPPED (not recorded on the source)
    message: str


# Another sync of the same source is under way: this one leaves it to that one.
SKIPPED = "skipped"


def sync_due(*, slug=None, force=False, now=None):
    """Sync every active source that is due (or the one named `slug`, due or not when
    `force`); one Outcome each."""
    now = now or timezone.now()
    sources = Source.objects.filter(active=True) if slug is None else Source.objects.filter(slug=slug)
    return [sync_source(source, force=force) for source in sources if force or slug or source.is_due(now)]


def sync_source(source, *, force=False):
    with sync_lock(source) as held:
        if not held:
            message = _("Une autre synchronisation de cette source est en cours : celle-ci est ignorée.")
            return Outcome(source, SKIPPED, message)
        source.refresh_from_db()  # a sync that ended while we waited has renewed its validators
        return _sync_recorded(source, force)


def _sync_recorded(source, force):
    started = timezone.now()
    validators = {}
    try:
        status, message, validators = _sync(source, force)
    except ImportRefused as exc:
        status, message = Source.Outcome.ERROR, str(exc)
    except Exception as exc:  # a bug or a database error: recorded, the next source still runs
        logger.exception("sync of source %s failed", source.slug)
        status, message = Source.Outcome.ERROR, _("Erreur inattendue : %s") % exc
    fields = {"last_fetched_at": started, "last_outcome": status, "last_message": message, **validators}
    if status != Source.Outcome.ERROR:
        fields["last_synced_at"] = started
    Source.objects.filter(pk=source.pk).update(**fields)
    source.refresh_from_db()
    return Outcome(source, status, message)


def _sync(source, force):
    # Fetched before the transaction opens: a slow source must not hold one (nor the change feed).
    fetched = fetch(
        source.url, max_bytes=settings.IMPORT_MAX_BYTES, allow_private=settings.IMPORT_ALLOW_PRIVATE_HOSTS,
        etag="" if force else source.etag, last_modified="" if force else source.last_modified,
    )  # fmt: skip
    # Kept only once the data they name is imported: a failed sync must fetch it again.
    validators = {"etag": _fits(fetched.etag), "last_modified": _fits(fetched.last_modified)}
    if fetched.status == 304:
        return Source.Outcome.UNCHANGED, _("Inchangée depuis la dernière synchronisation (304)."), {}
    with transaction.atomic():
        return Source.Outcome.SYNCED, _apply(source, fetched.body), validators


def _apply(source, data):
    """Import `data`, propose the conflicts, archive what vanished; the report's summary."""
    threeway = ThreeWay(source)
    mapping = parse(source.format, source.mapping) if source.mapping.strip() else None
    report = run_import(data, format=source.format, source=source.name, mapping=mapping, apply=True,
                        skip_invalid=True, reconcile=threeway, every_row=True)  # fmt: skip
    present = {row.source_id for row in report.rows if row.source_id}
    if not present:
        # An empty answer or a mapping that reads no identifier: archiving everything would be wrong.
        raise ImportRefused(_("La source ne donne aucune fiche identifiable : rien n’a été importé ni archivé."))
    statuses = {row.source_id: row.status for row in report.rows if row.source_id}
    proposed = _propose(source, threeway, statuses)
    _remember(source, threeway, statuses)
    archived, restored = _archive_vanished(source, present), _restore_returned(source, present)
    return "\n".join([report.summary(), _("%(proposed)d proposition(s) pour la modération (modifiée ici et à la source), "
                         "%(archived)d archivée(s) (disparues de la source), %(restored)d désarchivée(s) (revenues).")
                         % {"proposed": proposed, "archived": archived, "restored": restored}])  # fmt: skip


def _fits(validator):
    return validator if len(validator) <= VALIDATOR_MAX else ""


def _propose(source, threeway, statuses):
    """The source's side of each conflict becomes a pending proposal; the local value stays."""
    count = 0
    for source_id, seen in threeway.seen.items():
        if not seen.conflicts or statuses.get(source_id) not in (UPDATED, UNCHANGED):
            continue
        current = Initiative.objects.get(pk=seen.pk)
        data = {**snapshots.take(current), **seen.conflicts}
        labels = ", ".join(str(snapshots.LABELS[key]) for key in seen.conflicts)
        summary = _("Synchronisation « %(source)s » : la source a changé %(fields)s, modifié(s) ici aussi.") % {
            "source": source.name, "fields": labels}  # fmt: skip
        try:
            outcome = propose_change(initiative=current, data=data, base_version=current.version, summary=summary[:300])
        except (ValidationError, PermissionDenied):
            continue  # a value our rules refuse, or a locked initiative: the local value stays
        count += outcome.revision is not None
    return count


def _remember(source, threeway, statuses):
    """The source's values become the base of the next sync."""
    seen = {s.pk: {**threeway.bases.get(s.pk, {}), **s.remote} for source_id, s in threeway.seen.items()
            if statuses.get(source_id) in (UPDATED, UNCHANGED)}  # fmt: skip
    changed = {pk: values for pk, values in seen.items() if threeway.bases.get(pk) != values}
    created = [source_id for source_id, status in statuses.items() if status == CREATED]
    if created:
        pks = source.initiatives().filter(source_id__in=created).values_list("pk", flat=True)
        changed.update(values_of(list(pks)))
    remember(source, changed)


def _archive_vanished(source, present):
    """Archive (never delete) the published initiatives of this source it no longer lists."""
    gone = (source.initiatives().filter(status=Initiative.Status.PUBLISHED, locked=False)
            .exclude(source_id="").exclude(source_id__in=present).select_for_update())  # fmt: skip
    summary = _("Disparue de la source « %s » : archivée par la synchronisation.") % source.name
    archived = []
    for initiative in gone:
        base = snapshots.take(initiative)
        apply_change(initiative, base, base_version=initiative.version, base=base, kind=Revision.Kind.ARCHIVE,
                     author=None, summary=summary[:300], status=Initiative.Status.ARCHIVED)  # fmt: skip
        archived.append(initiative.pk)
    if archived:
        records = dict(SourceRecord.objects.filter(source=source, initiative_id__in=archived).values_list("initiative_id", "values"))
        remember(source, {pk: records.get(pk, {}) for pk in archived}, vanished=True)
    return len(archived)


def _restore_returned(source, present):
    """An initiative the sync archived because it vanished, listed again: published again."""
    back = (Initiative.objects.filter(source_records__source=source, source_records__vanished=True,
                                      status=Initiative.Status.ARCHIVED, source_id__in=present).select_for_update())  # fmt: skip
    summary = _("Revenue dans la source « %s » : désarchivée par la synchronisation.") % source.name
    restored = []
    for initiative in back:
        base = snapshots.take(initiative)
        apply_change(initiative, base, base_version=initiative.version, base=base, kind=Revision.Kind.RESTORE,
                     author=None, summary=summary[:300], status=Initiative.Status.PUBLISHED)  # fmt: skip
        restored.append(initiative.pk)
    SourceRecord.objects.filter(source=source, initiative_id__in=restored).update(vanished=False)
    return len(restored)
