"""A network's page sections (who is in it, where, with whom it crosses) and the decisions
of its animators on the requests to join it. The rules are in initiatives/indicators.py and
initiatives/membership_requests.py; this module only reads and hands them over."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext as _
from django.views.decorators.http import require_POST

from initiatives import membership_requests
from initiatives.indicators import DRAWN_NODES, listed_members, map_indicators, network_indicators, network_table
from initiatives.map_cells import ZOOM_TO_LEVEL
from initiatives.models import MembershipRequest, Theme
from initiatives.selectors import dataset_state
from initiatives.territories import region_choices, region_name

# Members listed on the page; the API (members_url) has them all.
LISTED_MEMBERS = 500
# Networks in a page of the /reseaux/ table: the first page is what the graph draws.
TABLE_PAGE = DRAWN_NODES


def members_map(network, indicators):
    """What the page's map needs to show the network's placed members, at any depth, as the
    clusters API groups them for the view (a 5,000-member network is a few dozen markers
    and a few kB, not 5,000 Features): None when none is placed."""
    if not indicators["transitive_placed"]:
        return None
    return {
        "clustersUrl": reverse("api:cluster-list"),
        "initiativesUrl": reverse("api:initiative-list"),
        "filters": {"network": [network.slug], "transitive": True},
        "bbox": indicators["transitive_bbox"],
        "levelOffset": ZOOM_TO_LEVEL,
    }


def network_context(request, network, dataset):
    """What a network's page adds: its indicators, the members it lists (direct, then through
    member networks), what its map shows, the key of its cached sections, and — for those who
    speak for it — its pending requests."""
    indicators = network_indicators(network, state=dataset)
    members = listed_members(network, limit=LISTED_MEMBERS, state=dataset)
    return {
        "indicators": indicators,
        "direct_members": members["direct"],
        "indirect_members": members["indirect"],
        "indirect_count": members["indirect_total"],
        "more_members": max(0, members["direct_total"] - LISTED_MEMBERS) + max(0, members["indirect_total"] - LISTED_MEMBERS),
        "members_map": members_map(network, indicators),
        "dataset_key": dataset.key,
        "pending_requests": list(membership_requests.pending_for(request.user, network).order_by("created_at")),
    }


@login_required
@require_POST
def decide_request(request, slug, pk):
    """An animator (or a moderator) accepts or declines a request to join the network; the
    request keeps who decided, when and why (the history)."""
    membership_request = get_object_or_404(MembershipRequest, pk=pk, network__slug=slug)
    decision = request.POST.get("decision")
    if decision not in ("accept", "decline"):
        raise Http404(_("Décision inconnue."))
    try:
        if decision == "accept":
            done = membership_requests.accept(request=membership_request, user=request.user)
        else:
            done = membership_requests.decline(request=membership_request, user=request.user,
                                               reason=request.POST.get("reason", "")[:500])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if done.status == MembershipRequest.Status.ACCEPTED:
            messages.success(request, _("« %(member)s » est désormais membre du réseau.") % {"member": done.member.name})
        elif done.status == MembershipRequest.Status.DECLINED:
            messages.success(request, _("La demande de « %(member)s » est refusée.") % {"member": done.member.name})
        else:
            messages.success(request, _("Votre accord est enregistré ; l’initiative doit encore donner le sien."))
    return redirect(reverse("frontend:initiative", args=[slug]) + "#requests-title")


def graph_rows(table, theme_names):
    """The table rows of indicators.network_table with the names a reader needs: the region's
    and the themes' (in the page's language), and how many more networks a row shares members
    with than it names."""
    return [{**row, "region_name": region_name(row["region"]) or "",
             "theme_names": [theme_names.get(t, t) for t in row["themes"]],
             "shared_more": max(0, row["shared_count"] - len(row["shared"]))} for row in table["rows"]]  # fmt: skip


def network_graph_page(request):
    """/reseaux/: the network of networks — drawn (pages/graph.js, from the graph API with the
    same filters) and as a table, a page of TABLE_PAGE networks at a time, the biggest first:
    the first page lists the networks drawn. The filters are a GET form, so the page works
    without JavaScript; an unknown theme or region is ignored (the whole map)."""
    dataset = dataset_state()
    themes = list(Theme.objects.all())
    english = get_language() == "en"
    theme_names = {t.slug: (t.name_en if english else t.name_fr) for t in themes}
    theme = request.GET.get("theme", "")
    theme = theme if theme in theme_names else ""
    region = request.GET.get("region", "")
    region = region if region_name(region) else ""
    count = network_table(theme=theme, region=region, limit=0, state=dataset)["count"]
    page = Paginator(range(count), TABLE_PAGE).get_page(request.GET.get("page"))
    table = network_table(theme=theme, region=region, offset=page.start_index() - 1 if count else 0,
                          limit=TABLE_PAGE, state=dataset)  # fmt: skip
    filters = {key: value for key, value in (("theme", theme), ("region", region)) if value}
    graph_url = reverse("api:network-graph") + (f"?{urlencode(filters)}" if filters else "")
    return render(request, "frontend/networks_graph.html", {
        "overview": map_indicators(state=dataset),
        "rows": graph_rows(table, theme_names),
        "page": page, "count": count, "drawn": min(count, DRAWN_NODES), "filters": urlencode(filters),
        "themes": themes, "theme": theme, "region": region,
        "regions": region_choices(),
        "graph_config": {"graphUrl": graph_url, "pagePrefix": "/initiatives/"},
    })  # fmt: skip
