"""An initiative's history — every revision, field by field — and the moderators' tools on it:
restore a version, hide a revision, archive, lock."""

from bisect import bisect_left
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext as _
from django.views.decorators.http import require_POST

from initiatives import permissions, services, snapshots
from initiatives.models import Initiative, Revision, Theme

CHOICES = {
    "kind": Initiative.Kind, "scope": Initiative.Scope, "location_precision": Initiative.Precision,
}  # fmt: skip
LISTS = ("themes", "networks", "links")


@dataclass(frozen=True)
class Change:
    """One changed field, its values as lines of display text (lists: one line per item)."""

    label: str
    old: list
    new: list
    listed: bool


def changes_between(before, after):
    """snapshots.diff without the keys that are empty on both sides (a creation compares
    with nothing: None before, "" or [] after)."""
    return [change for change in snapshots.diff(before, after) if change[2] or change[3]]


def readable_diffs(pairs):
    """[(before, after)] → one [Change] per pair. Themes and networks are named in two
    queries for all the pairs together."""
    raw = [changes_between(before, after) for before, after in pairs]
    slugs = {"themes": set(), "networks": set()}
    for changes in raw:
        for key, _label, old, new in changes:
            if key in slugs:
                slugs[key].update(old or [], new or [])
    names = {"themes": {}, "networks": {}}
    if slugs["themes"]:
        language = get_language()
        names["themes"] = {t.slug: t.name(language) for t in Theme.objects.filter(slug__in=slugs["themes"])}
    if slugs["networks"]:  # a network not published yet keeps its name to itself: shown by slug
        names["networks"] = dict(
            Initiative.objects.published().filter(slug__in=slugs["networks"]).values_list("slug", "name")
        )
    return [
        [Change(label, _lines(key, old, names), _lines(key, new, names), key in LISTS)
         for key, label, old, new in changes]
        for changes in raw
    ]  # fmt: skip


def _lines(key, value, names):
    if value in (None, "", []):
        return []
    if key == "location":
        return [f"{value[0]}, {value[1]}"]  # longitude, latitude
    if key == "links":
        return [f"{label} — {url}" for label, url in value]
    if key in names:
        return [names[key].get(slug, slug) for slug in value]
    if key in CHOICES:
        return [str(dict(CHOICES[key].choices).get(value, value))]
    return [str(value)]


@dataclass
class Entry:
    revision: Revision
    base: dict | None  # the snapshot it changed
    masked: bool  # hidden by the moderation, and this person may not see it
    base_masked: bool  # what it changed from is hidden: the old values are not shown
    changes: list = ()


def history(request, slug):
    initiative = get_object_or_404(Initiative, slug=slug)
    user = request.user
    can_moderate = permissions.can_moderate(user, initiative)
    sees_pending = permissions.can_see_pending(user, initiative)
    # A merged-away one was public: its history stays readable, linked from the survivor's.
    visible = initiative.status == Initiative.Status.PUBLISHED or can_moderate or initiative.merged_into_id or (
        initiative.status == Initiative.Status.PENDING and sees_pending
    )
    if not visible:
        raise Http404(_("Aucune initiative publiée ne porte cet identifiant."))
    sees_hidden = permissions.is_moderator(user)

    revisions = list(initiative.revisions.select_related("author", "decided_by"))
    accepted = {r.version: r for r in revisions if r.status == Revision.Status.ACCEPTED}
    versions = sorted(accepted)
    entries = []
    for revision in revisions:
        own = user.is_authenticated and revision.author_id == user.pk
        if revision.status != Revision.Status.ACCEPTED and not (sees_pending or own):
            continue
        base, base_revision = _base(revision, accepted, versions)
        entries.append(Entry(
            revision, base,
            masked=revision.hidden and not sees_hidden,
            base_masked=bool(base_revision and base_revision.hidden and not sees_hidden),
        ))  # fmt: skip
    shown = [e for e in entries if not e.masked]
    for entry, changes in zip(shown, readable_diffs([(e.base, e.revision.snapshot) for e in shown])):
        entry.changes = changes

    return render(request, "frontend/history.html", {
        "initiative": initiative,
        "entries": entries,
        "can_moderate": can_moderate,
        "is_moderator": sees_hidden,
        "merged_into": initiative.merged_into,
        "absorbed": initiative.merged_from.order_by("name"),
    })  # fmt: skip


def _base(revision, accepted, versions):
    """What a revision changed: the state its author started from, else the previous accepted
    version. Returns (snapshot, the revision that recorded it)."""
    if revision.base_snapshot is not None:
        return revision.base_snapshot, accepted.get(revision.base_version)
    if revision.version:
        earlier = bisect_left(versions, revision.version)
        if earlier:
            previous = accepted[versions[earlier - 1]]
            return previous.snapshot, previous
    return None, None


# --- moderators' tools ---------------------------------------------------------------------


@login_required
@require_POST
def moderate_initiative(request, slug):
    initiative = get_object_or_404(Initiative, slug=slug)
    tool = TOOLS.get(request.POST.get("action"))
    if tool is None:
        raise BadRequest("unknown action")
    try:
        messages.success(request, tool(request, initiative))
    except services.Conflict:
        messages.error(request, _(
            "L’initiative a été modifiée entre-temps : relisez son historique, puis recommencez."
        ))  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("frontend:history", slug=initiative.slug)


def _posted_int(request, name):
    try:
        return int(request.POST[name])
    except (KeyError, ValueError):
        raise BadRequest(f"{name} expected") from None


def _revision(request, initiative):
    return get_object_or_404(initiative.revisions, pk=_posted_int(request, "revision"))


def _archive(archived):
    def tool(request, initiative):
        services.set_archived(initiative=initiative, moderator=request.user, archived=archived,
                              base_version=_posted_int(request, "version"))  # fmt: skip
        return _("Initiative archivée : elle n’apparaît plus sur la carte.") if archived else _(
            "Initiative désarchivée : elle est de nouveau publiée."
        )

    return tool


def _lock(locked):
    def tool(request, initiative):
        services.set_locked(initiative=initiative, moderator=request.user, locked=locked)
        return _("Initiative verrouillée : seuls les modérateurs peuvent la modifier.") if locked else _(
            "Initiative déverrouillée."
        )

    return tool


def _hide(hidden):
    def tool(request, initiative):
        services.set_hidden(revision=_revision(request, initiative), moderator=request.user, hidden=hidden)
        return _("Révision masquée.") if hidden else _("Révision de nouveau visible.")

    return tool


def _revert(request, initiative):
    target = _revision(request, initiative)
    outcome = services.revert(initiative=initiative, to_revision=target, moderator=request.user,
                              base_version=_posted_int(request, "version"))  # fmt: skip
    return _("Version %(old)d restaurée : c’est la version %(new)d.") % {
        "old": target.version, "new": outcome.initiative.version,
    }  # fmt: skip


TOOLS = {
    "archive": _archive(True), "unarchive": _archive(False),
    "lock": _lock(True), "unlock": _lock(False),
    "hide": _hide(True), "show": _hide(False),
    "revert": _revert,
}  # fmt: skip
