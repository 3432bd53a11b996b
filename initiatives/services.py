"""Every write to an initiative goes through here, under a transaction: the revision record,
the moderation state and the optimistic-concurrency check happen once, whatever the door
(web form, API, moderation queue, import).

No lost edit: a change carries the version it started from. The check-and-write is one
`UPDATE … SET version = version + 1 WHERE id = %s AND version = %s`: of two concurrent writers
starting from the same version, exactly one gets its row; the other gets a Conflict."""

import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import geocoding, permissions, snapshots
from .models import Initiative, Report, Revision, Vote

# Every place "http(s)://" starts a token, overlapping ones included: a link hidden in the
# query string of another one is a link too.
URL_RE = re.compile(r"(?=(https?://[^\s<>\"']+))", re.I)
# Browsers read these as dots in a host name (IDNA), and "\" as "/" in http(s) URLs.
IDEOGRAPHIC_DOTS = re.compile("[\u3002\uff0e\uff61]")
HOST_END = re.compile(r"[^\w.\-\[\]:].*$")
SLUG_FORMAT = re.compile(r"[^a-z0-9]+")


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
    initiative: Initiative
    revision: Revision

    @property
    def published(self):
        return self.revision.status == Revision.Status.ACCEPTED


# --- proposing ---------------------------------------------------------------------------


def suspicion(snapshot, *, base=None, count_links=True):
    """Why a proposal needs human eyes whoever sends it: a blocked domain, or (unless
    `count_links` is off, for people who may moderate it) many links. Only the URLs the
    proposal adds to `base` (the state it started from; None for a new initiative) count:
    links that were already accepted are not the author's doing."""
    added = Counter(_urls(snapshot)) - Counter(_urls(base) if base else [])
    urls = list(added.elements())
    hosts = [_host(url) for url in urls]
    blocked_domains = [b.lower().strip(".") for b in settings.BLOCKED_DOMAINS if b.strip(".")]
    if blocked := sorted({h for h in hosts for b in blocked_domains if h == b or h.endswith("." + b)}):
        return _fit(_("domaine bloqué : %s") % ", ".join(blocked), Revision, "suspicious")
    if count_links and len(urls) > settings.MAX_LINKS_BEFORE_REVIEW:
        return _("%d liens") % len(urls)
    return ""


def _urls(snapshot):
    text = " ".join(str(snapshot.get(name) or "") for name in snapshots.FIELDS)
    text += " " + " ".join(str(url) for _label, url in snapshot.get("links") or [])
    return URL_RE.findall(text)


def _host(url):
    """The host a browser would visit for `url` (so "https://ok.org@spam.example/" is
    spam.example), lower case, without a trailing dot."""
    url = url.replace("\\", "/")
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # e.g. an unbalanced "[": read the authority by hand
        host = re.split(r"[/?#]", url.split("://", 1)[1], maxsplit=1)[0].rpartition("@")[2]
    host = IDEOGRAPHIC_DOTS.sub(".", unquote(host)).lower()
    return HOST_END.sub("", host).strip(".")


def _fit(text, model, field):
    """`text` cut to the column's length, so that a long message never fails the write."""
    limit = model._meta.get_field(field).max_length
    return text if len(text) <= limit else text[: limit - 1] + "…"


@transaction.atomic
def propose_initiative(*, data, author=None, email="", summary=""):
    """A new initiative. Published at once for trusted contributors, else pending."""
    snapshot = fill_territory(snapshots.normalise(data))
    snapshots.validate(snapshot)
    suspicious = suspicion(snapshot, count_links=not permissions.is_moderator(author))
    direct = permissions.publishes_directly(author) and not suspicious
    initiative = Initiative(
        status=Initiative.Status.PUBLISHED if direct else Initiative.Status.PENDING,
        source="contribution",
    )
    _insert_with_unique_slug(initiative, snapshot)
    revision = Revision.objects.create(
        initiative=initiative, kind=Revision.Kind.CREATE,
        status=Revision.Status.ACCEPTED if direct else Revision.Status.PENDING,
        snapshot=snapshot, version=1 if direct else None, author=_user(author),
        author_email=email, summary=summary, suspicious=suspicious,
        decided_at=timezone.now() if direct else None,
    )  # fmt: skip
    return Outcome(initiative, revision)


@transaction.atomic
def propose_change(*, initiative, data, base_version, author=None, email="", summary=""):
    """A correction. Refused with Conflict if `base_version` is not the current one;
    applied at once for trusted contributors and moderators of the initiative, else pending."""
    if base_version is None:
        raise VersionRequired()
    snapshot = snapshots.normalise(data)
    if snapshot["location"] != snapshots.position(initiative):  # placed anew: as the form's script
        snapshot = fill_territory(snapshot)  # before the lock: the geocoder may ask a server
    current = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if not permissions.can_edit(author, current):
        raise PermissionDenied(_("Cette initiative est verrouillée par la modération."))
    if current.version != int(base_version):
        raise Conflict(current, base_version)
    base = snapshots.take(current)
    snapshots.validate(snapshot, initiative=current)
    suspicious = suspicion(snapshot, base=base, count_links=not permissions.can_moderate(author, current))
    if permissions.publishes_directly(author, current) and not suspicious:
        return _apply(current, snapshot, base_version=int(base_version), kind=Revision.Kind.EDIT,
                      author=author, email=email, summary=summary, base=base)  # fmt: skip
    revision = Revision.objects.create(
        initiative=current, kind=Revision.Kind.EDIT, status=Revision.Status.PENDING,
        snapshot=snapshot, base_version=current.version, base_snapshot=base,
        author=_user(author), author_email=email, summary=summary, suspicious=suspicious,
    )  # fmt: skip
    return Outcome(current, revision)


def _apply(initiative, snapshot, *, base_version, kind, author, summary, base, email="", decided_by=None, status=None):
    """The atomic check-and-write, then the relations and the revision, in the caller's
    transaction."""
    claimed = Initiative.objects.filter(pk=initiative.pk, version=base_version).update(
        version=F("version") + 1, **({"status": status} if status else {})
    )
    if not claimed:
        raise Conflict(Initiative.objects.get(pk=initiative.pk), base_version)
    initiative.refresh_from_db()
    snapshots.apply(initiative, snapshot)
    revision = Revision.objects.create(
        initiative=initiative, kind=kind, status=Revision.Status.ACCEPTED, snapshot=snapshot,
        base_version=base_version, base_snapshot=base, version=initiative.version,
        author=_user(author), author_email=email, summary=summary,
        decided_by=_user(decided_by), decided_at=timezone.now(),
    )  # fmt: skip
    return Outcome(initiative, revision)


# --- moderating ---------------------------------------------------------------------------


@transaction.atomic
def approve(*, revision, moderator, by_votes=False):
    """Publish a pending proposal. A correction based on an older version is merged with what
    changed since; if the same field changed on both sides, it is a Conflict to resolve."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    initiative = Initiative.objects.select_for_update().get(pk=revision.initiative_id)
    if not by_votes and not permissions.can_moderate(moderator, initiative):
        raise PermissionDenied
    if initiative.locked and not permissions.is_moderator(moderator):
        raise PermissionDenied(_("Cette initiative est verrouillée par la modération."))
    _check_pending(revision)
    if revision.kind == Revision.Kind.CREATE:
        if initiative.status != Initiative.Status.PENDING:
            raise ValidationError(_(
                "Cette initiative n’est plus en attente de modération : sa proposition de "
                "création ne peut plus être approuvée."
            ))  # fmt: skip
        # Themes and networks may have gone since the proposal: refuse rather than guess.
        snapshots.validate(revision.snapshot, slug=initiative.slug)
        initiative.status = Initiative.Status.PUBLISHED
        initiative.save(update_fields=["status", "updated_at"])
        revision.version = initiative.version
    else:
        current = snapshots.take(initiative)
        merged, conflicts = snapshots.merge(revision.base_snapshot, revision.snapshot, current)
        if conflicts:
            raise Conflict(initiative, revision.base_version)
        snapshots.validate(merged, initiative=initiative)  # a theme or network may have gone
        claimed = Initiative.objects.filter(pk=initiative.pk, version=initiative.version).update(
            version=F("version") + 1
        )
        assert claimed  # the row is locked by this transaction
        initiative.refresh_from_db()
        snapshots.apply(initiative, merged)
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
            # If the proposal cannot be applied as it is (a conflict, a theme gone), the vote
            # still counts and the proposal waits for a moderator.
            try:
                with transaction.atomic():
                    return approve(revision=revision, moderator=None, by_votes=True).revision
            except (Conflict, ValidationError, PermissionDenied):  # PermissionDenied: locked
                return revision
        return reject(revision=revision, moderator=None, reason=_("Refusée par les votes."), by_votes=True)
    return revision


def _check_pending(revision):
    if revision.status != Revision.Status.PENDING:
        raise ValidationError(_("Cette proposition a déjà été traitée."))


def _decide(revision, status, moderator, reason):
    revision.status = status
    revision.decided_by = _user(moderator)
    revision.decided_at = timezone.now()
    revision.reason = reason
    revision.save()
    if revision.author_email:
        transaction.on_commit(lambda: _notify(revision))


def _notify(revision):
    message = _("« %(name)s » : %(status)s.\n%(reason)s") % {
        "name": revision.snapshot.get("name"), "status": revision.get_status_display(),
        "reason": revision.reason,
    }  # fmt: skip
    if revision.status == Revision.Status.CHANGES_REQUESTED:
        path = "/contribuer/" if revision.kind == Revision.Kind.CREATE else (
            f"/initiatives/{revision.initiative.slug}/modifier/")  # fmt: skip
        message += "\n\n" + _("Corrigez ce qui est demandé, puis envoyez une nouvelle proposition : %s") % (
            settings.SITE_URL.rstrip("/") + path)  # fmt: skip
    send_mail(
        subject=_("Votre proposition sur la Carte des réseaux : %s") % revision.get_status_display(),
        message=message,
        from_email=None,
        recipient_list=[revision.author_email],
        fail_silently=True,
    )


# --- moderators' tools ----------------------------------------------------------------------


@transaction.atomic
def revert(*, initiative, to_revision, moderator, base_version):
    """Restore the state a revision recorded; it makes a new revision."""
    if not permissions.can_moderate(moderator, initiative):
        raise PermissionDenied
    if to_revision.initiative_id != initiative.pk or to_revision.status != Revision.Status.ACCEPTED:
        raise ValidationError(_("Seule une version publiée de cette initiative peut être restaurée."))
    current = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if current.locked and not permissions.is_moderator(moderator):
        raise PermissionDenied(_("Cette initiative est verrouillée par la modération."))
    base = snapshots.take(current)
    snapshots.validate(to_revision.snapshot, initiative=current)
    return _apply(current, to_revision.snapshot, base_version=int(base_version), kind=Revision.Kind.REVERT,
                  author=moderator, summary=_("Retour à la version %d") % to_revision.version,
                  base=base, decided_by=moderator)  # fmt: skip


@transaction.atomic
def set_archived(*, initiative, moderator, archived, base_version):
    """Archiving is how things are removed: restorable, and recorded."""
    if not permissions.can_moderate(moderator, initiative):
        raise PermissionDenied
    current = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if current.status == Initiative.Status.PENDING:
        # It was never published: approving or refusing its creation is the way.
        raise ValidationError(_(
            "Cette initiative attend encore sa modération : approuvez ou refusez sa "
            "proposition de création plutôt que de l’archiver ou de la désarchiver."
        ))  # fmt: skip
    base = snapshots.take(current)
    return _apply(
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
                  reporter=_user(reporter))  # fmt: skip
    item.full_clean()
    item.save()
    return item


def resolve_report(*, item, moderator):
    if not permissions.can_moderate(moderator, item.initiative):
        raise PermissionDenied
    Report.objects.filter(pk=item.pk).update(resolved_at=timezone.now(), resolved_by=moderator)


# --- helpers ----------------------------------------------------------------------------------


def _user(user):
    return user if user is not None and user.is_authenticated else None


def _unique_slug(name):
    """A free slug that satisfies the initiative_slug_format check (slugify keeps "_")."""
    base = SLUG_FORMAT.sub("-", slugify(name)).strip("-")[:100].strip("-") or "initiative"
    slug, n = base, 2
    while Initiative.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _insert_with_unique_slug(initiative, snapshot, attempts=5):
    """Save a new initiative under a free slug. Two identical names proposed at the same
    moment both find the slug free; the second insert then waits for the first and fails on
    the unique slug: pick the next free one and try again, in a savepoint."""
    for attempt in range(attempts):
        initiative.slug = _unique_slug(snapshot["name"])
        try:
            with transaction.atomic():
                snapshots.apply(initiative, snapshot)
            return
        except IntegrityError:
            initiative.pk = None
            taken = Initiative.objects.filter(slug=initiative.slug).exists()
            if not taken or attempt == attempts - 1:
                raise


TERRITORY = ("commune", "postal_code", "insee_code", "department_code", "region_code")


def fill_territory(snapshot):
    """A position without its commune (an API client, a form without JavaScript): fill the
    empty territory fields from the geocoder, as the form's script does when the marker is
    placed. What the person gave is never replaced, and a commune found that contradicts it
    fills nothing."""
    if snapshot["location"] is None or all(snapshot[name] for name in TERRITORY):
        return snapshot
    try:
        place = geocoding.get_geocoder().reverse(*snapshot["location"])
    except geocoding.GeocodingError:
        return snapshot
    if place is None or _contradicts(snapshot, place):
        return snapshot
    filled = dict(snapshot)
    for name in TERRITORY:
        value = getattr(place, name)
        if not filled[name] and value and _valid(name, value):
            filled[name] = value
    return filled


def _contradicts(snapshot, place):
    given = {
        "commune": (geocoding.normalize(snapshot["commune"]), geocoding.normalize(place.commune)),
        "insee_code": (geocoding.commune_of_district(snapshot["insee_code"].upper()), place.insee_code),
        "department_code": (snapshot["department_code"].upper(), place.department_code),
        "region_code": (snapshot["region_code"], place.region_code),
    }
    return any(mine and mine != found for mine, found in given.values())


def _valid(name, value):
    """Whether the model accepts `value` (an overseas collectivity's "region" does not)."""
    try:
        Initiative._meta.get_field(name).run_validators(value)
    except ValidationError:
        return False
    return True


def snapshot_at(initiative, version):
    """The state an initiative had at `version`, from its history (None if unknown)."""
    revision = initiative.revisions.filter(version=version, status=Revision.Status.ACCEPTED).first()
    return revision.snapshot if revision else None


def record_import(initiative, author=None, summary="import"):
    """Imports and the admin write outside the proposal flow: record what they left."""
    return Revision.objects.create(
        initiative=initiative, kind=Revision.Kind.IMPORT, status=Revision.Status.ACCEPTED,
        snapshot=snapshots.take(initiative), version=initiative.version, author=_user(author),
        summary=summary, decided_at=timezone.now(),
    )  # fmt: skip
