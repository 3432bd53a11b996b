"""The Tour de France des réseaux: the France overview, and a page per region and per
department (their INSEE codes collide — region 53 is Bretagne, department 53 Mayenne — so
the URL says which). The figures come from initiatives/indicators.py."""

from django.http import Http404
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from initiatives import territories
from initiatives.indicators import UnknownTerritory, territory_indicators, territory_list
from initiatives.selectors import dataset_state

from ..conditional import dataset_page
from ..maps import composed_map
from .map import kind_labels

# Initiatives drawn on a territory's small map; the home map (?region=…) has them all.
MAPPED = 1000
# Networks present listed on the page (most local members first); the API lists them all.
LISTED = 100
FILTER = {"region": "region", "departement": "department"}


def overview(request):
    rows = territory_list(state=dataset_state())
    by_count = lambda kind: sorted((r for r in rows if r["kind"] == kind), key=lambda r: (-r["initiative_count"], r["name"]))  # noqa: E731
    url = {"region": "frontend:region", "departement": "frontend:department"}
    return render(request, "frontend/territories.html", {
        "regions": by_count("region"),
        "departments": by_count("departement"),
        "first_region": territories.region_choices()[0][0],
        "territories_config": {
            "backgroundUrl": static("vendor/natural-earth/countries-around-france.geojson"),
            "territories": [{**row, "url": reverse(url[row["kind"]], args=[row["code"]])} for row in rows],
        },
    })  # fmt: skip


def tour_neighbours(code):
    """The regions before and after `code` in the tour (by name, round the loop)."""
    codes = [c for c, _name in territories.region_choices()]
    i = codes.index(code)
    name = dict(territories.region_choices())
    previous, following = codes[i - 1], codes[(i + 1) % len(codes)]
    return {"previous": (previous, name[previous]), "next": (following, name[following]), "stage": i + 1, "stages": len(codes)}


@dataset_page
def territory_page(request, kind, code, *, dataset):
    """A region's or department's page. Its article is the same for every visitor until the
    data changes: the template renders it once per dataset version and language
    (`dataset_key`), map included; a repeat visit is a 304 (frontend/conditional.py)."""
    try:
        data = territory_indicators(kind, code, state=dataset)
    except UnknownTerritory:
        raise Http404(_("Aucun territoire ne porte ce code.")) from None
    parts = composed_map(zoom=8, locate=False)
    filter_name = FILTER[kind]
    sources = [f"{reverse('api:initiative-list')}?{filter_name}={data['code']}&page_size={MAPPED}"] if data["initiative_count"] else []
    kinds = dict(kind_labels())
    context = {
        "territory": data,
        "networks": data["networks"][:LISTED],
        "unlisted": len(data["networks"]) - LISTED,
        "api_url": reverse("api:territory-detail", args=[kind, data["code"]]),
        "by_kind": sorted(((kinds.get(k, k), n) for k, n in data["by_kind"].items()), key=lambda kn: -kn[1]),
        "home_filter": f"{filter_name}={data['code']}",
        "mapped": MAPPED,
        "map": parts,
        "map_config": {"background": parts["background"], "sources": sources, "kinds": kind_labels()},
        "dataset_key": dataset.key,
    }
    if kind == "region":
        context["tour"] = tour_neighbours(data["code"])
        context["departments"] = [(c, n) for c, n in territories.department_choices() if territories.DEPARTMENTS[c]["region"] == data["code"]]
    else:
        region = territories.DEPARTMENTS[data["code"]]["region"]
        context["region"] = (region, territories.region_name(region))
    return render(request, "frontend/territory.html", context)
