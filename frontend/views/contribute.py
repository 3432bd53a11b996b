"""Contributing: add an initiative, propose a correction (merging a stale one with what changed
meanwhile), report a problem. Every write goes through initiatives.services, in one
transaction: a refused request writes nothing."""

import functools

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext as _, ngettext

from initiatives import duplicates, permissions, ratelimits, services, snapshots
from initiatives.models import Initiative, Revision, Theme

from ..forms import ContributionForm, ReportForm, as_inputs, belongs_to, resolve, snapshot_data
from ..maps import compose_map, map_parts

THANKS_SALT = "frontend.contribute.thanks"
THANKS_MAX_AGE = 7 * 86400


# --- pages ------------------------------------------------------------------------------------


def _within_the_limit(view):
    """Anonymous POSTs take a place in the limit they share with the write API
    (initiatives.ratelimits) before anything is checked: a 429 page when none is left. A POST
    that writes nothing gives its place back; `_count` keeps it."""

    @functools.wraps(view)
    def limited(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        slot = ratelimits.take(request)
        if slot.refused:
            return _too_many(request, slot.retry_after)
        request.proposal_slot = slot
        try:
            return view(request, *args, **kwargs)
        finally:
            slot.give_back()  # a no-op once _count kept it

    return limited


@_within_the_limit
def add(request):
    form = ContributionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            try:
                outcome = services.propose_initiative(
                    data=form.snapshot(), author=_author(request),
                    email=form.cleaned_data["author_email"], summary=form.cleaned_data["summary_of_change"],
                    not_a_duplicate=form.cleaned_data["not_a_duplicate"],
                )  # fmt: skip
            except ValidationError as error:
                form.add_snapshot_errors(error)
            except duplicates.PossibleDuplicates as found:
                form.show_duplicates(found)
            else:
                return _done(request, outcome)
    return _form_page(request, form)


@_within_the_limit
def edit(request, slug):
    initiative = get_object_or_404(Initiative.objects.exclude(status=Initiative.Status.PENDING), slug=slug)
    if not permissions.can_edit(request.user, initiative):
        return _locked(request, initiative)
    if request.method != "POST":
        form = ContributionForm(
            initiative=initiative, snapshot=snapshots.take(initiative), version=initiative.version
        )
        return _form_page(request, form, initiative)
    form = ContributionForm(resolve(request.POST), initiative=initiative)
    if form.is_valid():
        try:
            outcome = services.propose_change(
                initiative=initiative, data=form.snapshot(), base_version=form.cleaned_data["version"],
                author=_author(request), email=form.cleaned_data["author_email"],
                summary=form.cleaned_data["summary_of_change"],
            )  # fmt: skip
        except services.Conflict as conflict:
            return _conflict_page(request, form, conflict.initiative)
        except PermissionDenied:
            return _locked(request, initiative)
        except ValidationError as error:
            form.add_snapshot_errors(error)
        else:
            return _done(request, outcome)
    return _form_page(request, form, initiative)


def thanks(request):
    try:
        pk = signing.loads(request.GET.get("r", ""), salt=THANKS_SALT, max_age=THANKS_MAX_AGE)
    except signing.BadSignature:
        raise Http404
    revision = get_object_or_404(Revision.objects.select_related("initiative"), pk=pk)
    initiative = revision.initiative
    return render(request, "frontend/contribute_thanks.html", {
        "revision": revision,
        "initiative": initiative,
        "published": revision.status == Revision.Status.ACCEPTED,
        "visible": initiative.status == Initiative.Status.PUBLISHED,
    })  # fmt: skip


@_within_the_limit
def report(request, slug):
    initiative = get_object_or_404(Initiative.objects.published(), slug=slug)
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            services.report(
                initiative=initiative, reason=form.cleaned_data["reason"], comment=form.cleaned_data["comment"],
                email=form.cleaned_data["email"], reporter=_author(request),
            )  # fmt: skip
            _count(request)
            return redirect(reverse("frontend:report", args=[slug]) + "?envoye=1")
    return render(request, "frontend/report.html", {
        "initiative": initiative, "form": form, "sent": "envoye" in request.GET,
    })  # fmt: skip


# --- pieces -------------------------------------------------------------------------------------


def _author(request):
    return request.user if request.user.is_authenticated else None


def _form_page(request, form, initiative=None):
    parts = map_parts(compose_map(zoom=5, locate=True))
    return render(request, "frontend/contribute.html", {
        "form": form,
        "initiative": initiative,
        "map": parts,
        "contribute_config": {
            "background": parts["background"],
            "geocodeUrl": reverse("api:geocode"),
            "reverseUrl": reverse("api:geocode-reverse"),
            "duplicatesUrl": reverse("api:duplicate-list") if initiative is None else None,
        },
    })  # fmt: skip


def _done(request, outcome):
    if outcome.revision is None:  # it changed nothing: nothing was recorded, nothing to count
        messages.info(request, _("Rien n’a changé : la fiche est déjà ainsi."))
        view = "frontend:initiative" if outcome.initiative.status == Initiative.Status.PUBLISHED else "frontend:history"
        return redirect(view, slug=outcome.initiative.slug)
    _count(request)
    token = signing.dumps(outcome.revision.pk, salt=THANKS_SALT)
    return redirect(reverse("frontend:contribute-thanks") + f"?r={token}")


def _locked(request, initiative):
    archived = initiative.status == Initiative.Status.ARCHIVED
    return render(request, "frontend/contribute.html", {
        "initiative": None if archived else initiative,  # an archived one's name is no longer public
        "refusal": _("Cette initiative est archivée : seule la modération peut la modifier.") if archived
        else _("Cette initiative est verrouillée par la modération : seule la modération peut la modifier. "
               "Vous pouvez signaler un problème."),
    }, status=403)  # fmt: skip


def _conflict_page(request, form, current):
    """Someone changed the initiative since the person opened the form: merge both edits,
    show what merged by itself and let the person choose where both changed the same thing.
    The page posts the merged values back with the current version."""
    base = services.snapshot_at(current, form.cleaned_data["version"])
    mine = snapshots.normalise(form.snapshot())
    theirs = snapshots.take(current)
    merged, conflicts = snapshots.merge(base, mine, theirs)
    merged_alone = [] if base is None else [key for key in snapshots.KEYS if key not in conflicts]
    shown = Shown()
    return render(request, "frontend/conflict.html", {
        "initiative": current,
        "base_known": base is not None,
        "kept_theirs": [snapshots.LABELS[k] for k in merged_alone if theirs[k] != base.get(k)],
        "kept_mine": [snapshots.LABELS[k] for k in merged_alone if mine[k] != base.get(k) == theirs[k]],
        "conflicts": [(key, snapshots.LABELS[key], shown(key, mine[key]), shown(key, theirs[key]))
                      for key in conflicts],
        "inputs": as_inputs({
            **snapshot_data(merged), "version": current.version,
            "author_email": form.cleaned_data["author_email"],
            "summary_of_change": form.cleaned_data["summary_of_change"],
        }),
        "mine_inputs": as_inputs({
            name: value for name, value in snapshot_data(mine).items()
            if any(belongs_to(key)(name) for key in conflicts)
        }, prefix="mine-"),
    }, status=409)  # fmt: skip


class Shown:
    """A snapshot value in words, for the side-by-side comparison."""

    def __init__(self):
        language = get_language()
        self.choices = {"kind": dict(Initiative.Kind.choices), "scope": dict(Initiative.Scope.choices),
                        "location_precision": dict(Initiative.Precision.choices)}  # fmt: skip
        self.names = {"themes": {theme.slug: theme.name(language) for theme in Theme.objects.all()},
                      "networks": dict(Initiative.objects.published().networks().values_list("slug", "name"))}  # fmt: skip

    def __call__(self, key, value):
        if key == "location":
            if value is None:
                return _("sans position")
            return _("longitude %(lon)s, latitude %(lat)s") % {"lon": value[0], "lat": value[1]}
        if key in self.names:
            return ", ".join(self.names[key].get(slug, slug) for slug in value) or _("aucun")
        if key == "links":
            return "\n".join(f"{label} — {url}" for label, url in value) or _("aucun")
        if key in self.choices:
            return self.choices[key].get(value, value) or "—"
        return value or "—"


# --- anonymous rate limit -------------------------------------------------------------------------


def _too_many(request, retry_after):
    """The 429 page: this anonymous client made its ANONYMOUS_PROPOSALS_RATE proposals (web
    and API together) in the current window."""
    minutes = max(1, round(retry_after / 60))
    response = render(request, "frontend/contribute.html", {
        "refusal": ngettext(
            "Vous avez envoyé beaucoup de propositions en peu de temps. Réessayez dans %(n)d minute, "
            "ou connectez-vous.",
            "Vous avez envoyé beaucoup de propositions en peu de temps. Réessayez dans %(n)d minutes, "
            "ou connectez-vous.", minutes) % {"n": minutes},
    }, status=429)  # fmt: skip
    response["Retry-After"] = str(retry_after)
    return response


def _count(request):
    """The proposal was written: it keeps its place in the limit."""
    if slot := getattr(request, "proposal_slot", None):
        slot.keep()
