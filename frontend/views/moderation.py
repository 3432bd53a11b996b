"""The moderation queue: pending proposals with their diffs and votes, and open reports.
Moderators decide everything, network animators the proposals on their networks, trusted
contributors vote."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from initiatives import permissions, services
from initiatives.models import Report, Revision, Vote

from .history import readable_diffs


@dataclass
class Item:
    revision: Revision
    changes: list
    can_decide: bool
    can_vote: bool


@login_required
def queue(request):
    if request.method == "POST":
        return _resolve_report(request)
    user = request.user
    if not permissions.can_see_pending(user):
        raise PermissionDenied
    pending = Revision.objects.filter(status=Revision.Status.PENDING)
    if not permissions.is_moderator(user):
        pending = pending.exclude(hidden=True)
    decidable = permissions.decidable(user, pending).distinct()
    trusted = permissions.is_trusted(user)
    revisions = list(
        (pending if trusted else decidable)
        .select_related("initiative", "author")
        .prefetch_related(Prefetch("votes", queryset=Vote.objects.select_related("user").order_by("created_at")))
        .order_by("created_at", "id")
    )  # fmt: skip
    decidable_ids = set(decidable.values_list("pk", flat=True))
    diffs = readable_diffs([(r.base_snapshot or None, r.snapshot) for r in revisions])
    items = [
        Item(r, changes, can_decide=r.pk in decidable_ids, can_vote=trusted and r.author_id != user.pk)
        for r, changes in zip(revisions, diffs)
    ]
    moderates = permissions.is_moderator(user) or bool(permissions.animated_network_ids(user))
    reports = None
    if moderates:
        open_reports = Report.objects.filter(resolved_at__isnull=True)
        reports = list(permissions.moderatable(user, open_reports).distinct().select_related("initiative", "reporter"))
    return render(request, "frontend/moderation.html", {
        "items": items,
        "reports": reports,
        "votes_to_decide": settings.VOTES_TO_DECIDE,
    })  # fmt: skip


def _resolve_report(request):
    pk = request.POST.get("report", "")
    if request.POST.get("action") != "resolve" or not pk.isdigit():
        raise BadRequest("action=resolve and report=<id> expected")
    item = get_object_or_404(Report.objects.select_related("initiative"), pk=pk)
    services.resolve_report(item=item, moderator=request.user)
    messages.success(request, _("Signalement sur « %s » marqué comme traité.") % item.initiative.name)
    return redirect("frontend:moderation")


@login_required
@require_POST
def decide(request, pk):
    revision = get_object_or_404(Revision.objects.select_related("initiative"), pk=pk)
    action = ACTIONS.get(request.POST.get("action"))
    if action is None:
        raise BadRequest("unknown action")
    try:
        messages.success(request, action(request, revision))
    except services.Conflict:
        messages.error(request, _(
            "« %s » a été modifiée depuis cette proposition, sur les mêmes champs : modifiez "
            "l’initiative à la main en reprenant ce qui convient de la proposition, puis refusez-la."
        ) % revision.initiative.name)  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("frontend:moderation")


def _approve(request, revision):
    services.approve(revision=revision, moderator=request.user)
    return _("« %s » : proposition approuvée et publiée.") % revision.initiative.name


def _reject(request_changes):
    def action(request, revision):
        reason = request.POST.get("reason", "").strip()[: Revision._meta.get_field("reason").max_length]
        services.reject(revision=revision, moderator=request.user, reason=reason, request_changes=request_changes)
        if request_changes:
            return _("« %s » : modifications demandées.") % revision.initiative.name
        return _("« %s » : proposition refusée.") % revision.initiative.name

    return action


def _vote(approve_it):
    def action(request, revision):
        decided = services.vote(revision=revision, user=request.user, approve_it=approve_it)
        if decided.status == Revision.Status.ACCEPTED:
            return _("Votre vote a décidé : « %s » est publiée.") % revision.initiative.name
        if decided.status == Revision.Status.REJECTED:
            return _("Votre vote a décidé : la proposition sur « %s » est refusée.") % revision.initiative.name
        return _("Votre vote sur « %s » est enregistré.") % revision.initiative.name

    return action


ACTIONS = {
    "approve": _approve,
    "reject": _reject(request_changes=False),
    "request_changes": _reject(request_changes=True),
    "vote_for": _vote(approve_it=True),
    "vote_against": _vote(approve_it=False),
}
