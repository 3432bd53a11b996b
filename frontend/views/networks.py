"""A network's page sections (who is in it, where, with whom it crosses) and the decisions
of its animators on the requests to join it. The rules are in initiatives/indicators.py and
initiatives/membership_requests.py; this module only reads and hands them over."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext as _
from django.views.decorators.http import require_POST

from initiatives import membership_requests
from initiatives.indicators import listed_members, map_indicators, network_graph, network_indicators
from initiatives.models import MembershipRequest, Theme
from initiatives.selectors import dataset_state
from initiatives.territories import region_choices, region_name

# Members listed on the page; the API (members_url) has them all.
LISTED_MEMBERS = 500


def network_context(request, network, dataset):
    """What a network's page adds: its indicators, the members it lists (direct, then through
    member networks), its map sources, the key of its cached sections, and — for those who
    speak for it — its pending requests."""
    indicators = network_indicators(network, state=dataset)
    members = listed_members(network, limit=LISTED_MEMBERS, state=dataset)
    members_url = reverse("api:network-members", args=[network.slug])
    return {
        "indicators": indicators,
        "direct_members": members["direct"],
        "indirect_members": members["indirect"],
        "indirect_count": members["indirect_total"],
        "more_members": max(0, members["direct_total"] - LISTED_MEMBERS) + max(0, members["indirect_total"] - LISTED_MEMBERS),
        "members_sources": [f"{members_url}?transitive=true"] if indicators["transitive_placed"] else [],
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


# Networks named in a table row's "shared with" cell, most shared first. At ~2,000 networks
# there are ~80,000 of them in all: listing every one made a page of megabytes that took the
# browser most of a minute; the row says how many more, the graph API has them all.
SHARED_LISTED = 5


def graph_rows(graph, theme_names):
    """The graph as rows for its table (the same data as the drawing): each network with its
    members, region, themes, the networks it shares members with (the SHARED_LISTED first,
    and how many more) and those it belongs to."""
    by_id = {node["id"]: node for node in graph["nodes"]}
    rows = {node["id"]: {**node, "region_name": region_name(node["region"]) or "",
                         "theme_names": [theme_names.get(t, t) for t in node["themes"]],
                         "shared": [], "member_of": []} for node in graph["nodes"]}  # fmt: skip
    for a, b, weight in graph["shared"]:
        rows[a]["shared"].append((by_id[b]["name"], weight))
        rows[b]["shared"].append((by_id[a]["name"], weight))
    for member, network in graph["membership"]:
        rows[member]["member_of"].append(by_id[network]["name"])
    for row in rows.values():
        row["shared"].sort(key=lambda s: (-s[1], s[0].casefold()))
        row["shared_more"] = max(0, len(row["shared"]) - SHARED_LISTED)
        row["shared"] = row["shared"][:SHARED_LISTED]
    return list(rows.values())


def network_graph_page(request):
    """/reseaux/: the network of networks — drawn (pages/graph.js) and as a table."""
    dataset = dataset_state()
    graph = network_graph(state=dataset)
    themes = list(Theme.objects.all())
    english = get_language() == "en"
    theme_names = {t.slug: (t.name_en if english else t.name_fr) for t in themes}
    return render(request, "frontend/networks_graph.html", {
        "overview": map_indicators(state=dataset),
        "rows": graph_rows(graph, theme_names),
        "themes": themes,
        "regions": region_choices(),
        "graph_config": {"graphUrl": reverse("api:network-graph"), "pagePrefix": "/initiatives/"},
    })  # fmt: skip
