from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt

from initiatives.models import Initiative, Theme
from initiatives.territories import department_choices, region_choices

from ..maps import compose_map, map_parts
from ..state import map_state


# The panel's network list: the biggest networks (and the one in the URL). Any other is
# reachable from its page ("Voir ses membres sur la carte") and by the search box.
PANEL_NETWORKS = 300


def panel_networks(selected):
    networks = Initiative.objects.published().networks()
    biggest = (
        networks.annotate(size=Count("member_links")).filter(size__gt=0)
        .order_by("-size", "name").values("slug", "name")[:PANEL_NETWORKS]
    )  # fmt: skip
    chosen = networks.filter(slug__in=selected).values("slug", "name")
    unique = {n["slug"]: n for n in [*biggest, *chosen]}
    return sorted(unique.values(), key=lambda n: n["name"].casefold())


def map_context(request):
    state, ignored = map_state(request.GET)
    return {
        "map": map_parts(compose_map()),
        "themes": Theme.objects.all(),
        "networks": panel_networks(state.get("network", [])),
        "kinds": Initiative.Kind.choices,
        "regions": region_choices(),
        "departments": department_choices(),
        "ignored": ignored,
        "map_config": {
            "state": state,
            "mapVar": None,  # filled below
            "clustersUrl": reverse("api:cluster-list"),
            "initiativesUrl": reverse("api:initiative-list"),
            "embedUrl": request.build_absolute_uri(reverse("frontend:embed")),
            "homeUrl": request.build_absolute_uri(reverse("frontend:home")),
            "apiUrl": request.build_absolute_uri(reverse("api:initiative-list")),
        },
    }


def _with_map_name(context):
    context["map_config"]["mapVar"] = context["map"]["name"]
    return context


def home(request):
    context = _with_map_name(map_context(request))
    context["counts"] = Initiative.objects.published().aggregate(
        initiatives=Count("id"),
        networks=Count("id", filter=Q(kind=Initiative.Kind.NETWORK)),
        departments=Count("department_code", distinct=True, filter=~Q(department_code="")),
    )
    return render(request, "frontend/home.html", context)


@xframe_options_exempt
def embed(request):
    """The map for partner sites' iframes: the only page other origins may frame."""
    response = render(request, "frontend/embed.html", _with_map_name(map_context(request)))
    response["Content-Security-Policy"] = "frame-ancestors *"
    return response
