"""The moderators' merge page: two initiatives side by side, a value chosen for each field,
themes, networks and links united (initiatives/merging.py does it, in one transaction)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from initiatives import merging, permissions, services, snapshots
from initiatives.models import Initiative

from .contribute import Shown

ACTIVE = Initiative.objects.exclude(status=Initiative.Status.ARCHIVED)


@login_required
def merge_page(request):
    keep_slug, other_slug = request.GET.get("garder", "").strip(), request.GET.get("fusionner", "").strip()
    if not keep_slug or not other_slug:
        return render(request, "frontend/merge.html", {"keep": keep_slug, "other": other_slug})
    survivor = get_object_or_404(ACTIVE, slug=keep_slug)
    merged = get_object_or_404(ACTIVE, slug=other_slug)
    if not (permissions.can_moderate(request.user, survivor) and permissions.can_moderate(request.user, merged)):
        raise PermissionDenied
    base, other = snapshots.take(survivor), snapshots.take(merged)
    choices = merging.default_choices(base, other)
    errors = []
    if request.method == "POST":
        choices = {key: request.POST.get(f"choice-{key}", merging.SURVIVOR) for key in merging.CHOSEN}
        try:
            merging.merge_initiatives(
                survivor=survivor, merged=merged, choices=choices, moderator=request.user,
                survivor_version=_posted_int(request, "survivor_version"),
                merged_version=_posted_int(request, "merged_version"),
            )  # fmt: skip
        except services.Conflict:
            errors.append(_("L’une des deux a été modifiée entre-temps : vérifiez les valeurs ci-dessous, puis recommencez."))
        except ValidationError as error:
            errors += error.messages
        else:
            messages.success(request, _("« %(merged)s » est fusionnée dans « %(survivor)s » : son adresse mène désormais ici.")
                             % {"merged": merged.name, "survivor": survivor.name})  # fmt: skip
            return redirect("frontend:history", slug=survivor.slug)
    shown = Shown()
    preview = merging.united(survivor, merged, base, other, choices)
    return render(request, "frontend/merge.html", {
        "survivor": survivor, "merged": merged, "errors": errors,
        "rows": [(key, snapshots.LABELS[key], shown(key, base[key]), shown(key, other[key]), choices[key])
                 for key in merging.CHOSEN if base[key] or other[key]],
        "united": [(snapshots.LABELS[key], shown(key, preview[key])) for key in ("themes", "networks", "links")],
        "members": Initiative.objects.filter(memberships__network=merged).exclude(pk=survivor.pk).count(),
    }, status=400 if errors else 200)  # fmt: skip


def _posted_int(request, name):
    try:
        return int(request.POST[name])
    except (KeyError, ValueError):
        raise BadRequest(f"{name} expected") from None
