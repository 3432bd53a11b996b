"""The moderators' list of registered sources: how each one's last sync went. They are
registered and edited in the admin; manage.py sync_sources runs them."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.shortcuts import render

from initiatives import permissions
from initiatives.models import Initiative, Source


@login_required
def source_list(request):
    if not permissions.is_moderator(request.user):
        raise PermissionDenied
    sources = list(Source.objects.order_by("name"))
    # One query for the counts of every source (initiatives name their source without case).
    counts = {
        row["source_lower"]: row
        for row in Initiative.objects.exclude(source_id="").values(source_lower=Lower("source")).annotate(
            published=Count("pk", filter=Q(status=Initiative.Status.PUBLISHED)),
            archived=Count("pk", filter=Q(status=Initiative.Status.ARCHIVED)),
        )
    }  # fmt: skip
    rows = [(source, counts.get(source.name.lower(), {})) for source in sources]
    return render(request, "frontend/sources.html", {"rows": rows})
