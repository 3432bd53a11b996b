from csp.decorators import csp_replace
from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt

from initiatives.models import Initiative, Theme
from initiatives.map_cells import ZOOM_TO_LEVEL
from initiatives.selectors import dataset_state, per_dataset_version
from initiatives.territories import department_choices, region_choices

from ..first_view import first_view_clusters, first_view_extent
from ..maps import compose_map, map_parts
from ..state import map_state
from .seatless import ON_THE_HOME_PAGE, seatless_networks


# The panel's network list: every published network, the biggest first when there are more
# than this (and the one in the URL). Any other is reachable from its page ("Voir ses membres
# sur la carte") and by the search box.
PANEL_NETWORKS = 300


def panel_networks(selected, dataset=None):
    """The published networks of the panel, by name; the size that ranks them counts only
    published members, as the map shows them."""
    networks = Initiative.objects.published().networks()

    def biggest():
        size = Count("member_links", filter=Q(member_links__member__status=Initiative.Status.PUBLISHED))
        return list(
            networks.annotate(size=size)
            .order_by("-size", "name").values("slug", "name")[:PANEL_NETWORKS]
        )  # fmt: skip

    chosen = networks.filter(slug__in=selected).values("slug", "name")
    unique = {n["slug"]: n for n in [*per_dataset_version("panel-networks", biggest, state=dataset), *chosen]}
    return sorted(unique.values(), key=lambda n: n["name"].casefold())


def known_filters(state, ignored, *, themes, networks, regions, departments):
    """Drop the filter values the page cannot show (an unknown slug or code would empty the map
    while the panel says "all") and report their parameter with the ignored ones."""
    known = {
        "theme": {t.slug for t in themes},
        "network": {n["slug"] for n in networks},
        "region": {code for code, _name in regions},
        "department": {code for code, _name in departments},
    }
    for name, values in known.items():
        if name not in state:
            continue
        kept = [v for v in state[name] if (v.upper() if name == "department" else v) in values]
        if len(kept) < len(state[name]):
            ignored.append(name)
        if kept:
            state[name] = [v.upper() for v in kept] if name == "department" else kept
        else:
            del state[name]


def map_context(request, *, embed=False, dataset=None):
    state, ignored = map_state(request.GET)
    themes = list(Theme.objects.all())
    networks = panel_networks(state.get("network", []), dataset)
    regions, departments = region_choices(), department_choices()
    known_filters(state, ignored, themes=themes, networks=networks, regions=regions, departments=departments)
    parts = map_parts(compose_map())
    # Only when the URL names no view: that is all the first view needs it for.
    extent = None if {"lat", "lon", "z"} <= state.keys() else first_view_extent(state, dataset)
    first_clusters = first_view_clusters(state, extent, dataset)
    return {
        # The early request, only when the page holds no first clusters to draw from.
        "early": None if first_clusters else "frontend/js/map-early.js",
        "map": parts,
        "themes": themes,
        "networks": networks,
        "kinds": Initiative.Kind.choices,
        "regions": regions,
        "departments": departments,
        "ignored": ignored,
        "map_config": {
            "state": state,
            "background": parts["background"],
            "embed": embed,
            "kinds": kind_labels(),
            "extent": extent,
            "firstClusters": first_clusters,
            "clustersUrl": reverse("api:cluster-list"),
            "clusterLevelOffset": ZOOM_TO_LEVEL,  # the grid the view's bbox snaps to: Mercator tiles of zoom + 2
            "initiativesUrl": reverse("api:initiative-list"),
            "networksUrl": reverse("api:network-list"),
            "suggestUrl": reverse("api:suggest"),
            "territoriesUrl": reverse("api:territory-list"),
            "embedUrl": request.build_absolute_uri(reverse("frontend:embed")),
            "homeUrl": request.build_absolute_uri(reverse("frontend:home")),
            "apiUrl": request.build_absolute_uri(reverse("api:initiative-list")),
        },
    }


def kind_labels():
    """What map.js names each kind with, in the page's language."""
    return {value: str(label) for value, label in Initiative.Kind.choices}


def home(request):
    dataset = dataset_state()
    context = map_context(request, dataset=dataset)
    context["counts"] = per_dataset_version("home-counts", lambda: Initiative.objects.published().aggregate(
        initiatives=Count("id"),
        networks=Count("id", filter=Q(kind=Initiative.Kind.NETWORK)),
        departments=Count("department_code", distinct=True, filter=~Q(department_code="")),
    ), state=dataset)  # fmt: skip
    seatless = seatless_networks(dataset)
    context["seatless"] = {"count": len(seatless), "first": seatless[:ON_THE_HOME_PAGE]}
    return render(request, "frontend/home.html", context)


@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def embed(request):
    """The map for partner sites' iframes: the only page other origins may frame."""
    return render(request, "frontend/embed.html", map_context(request, embed=True, dataset=dataset_state()))
