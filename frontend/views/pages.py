import json
import sys

from django.db import DatabaseError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from api.errors import database_unavailable, is_api, json_error, server_error_response, unavailable_response
from api.formats import jsonld_node
from initiatives.merging import survivor_of
from initiatives.models import Initiative
from initiatives.provenance import provenance_of, registered_sources, sources_state
from initiatives.selectors import feature_of
from initiatives.territories import department_name, region_name

from ..conditional import dataset_page
from ..maps import composed_map
from .map import kind_labels
from .networks import network_context

# What json_script escapes: no user text can close the <script> element or open a comment.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def about(request):
    return render(request, "frontend/about.html", {"sources": registered_sources()})


@dataset_page(also=sources_state)  # its provenance shows the source's last sync
def initiative_detail(request, slug, *, dataset):
    initiative = (
        Initiative.objects.published()
        .prefetch_related("themes", "links")
        .filter(slug=slug)
        .first()
    )
    if initiative is None:
        if survivor := survivor_of(Initiative.objects.filter(slug=slug)):
            return redirect("frontend:initiative", slug=survivor.slug, permanent=True)
        raise Http404(_("Aucune initiative publiée ne porte cet identifiant."))
    feature = json.loads(feature_of(Initiative.objects.filter(pk=initiative.pk)))
    jsonld = {"@context": "https://schema.org", **jsonld_node(feature)}
    networks = initiative.networks.published().order_by("name")
    network = network_context(request, initiative, dataset) if initiative.is_network else {}
    parts = composed_map(zoom=12, locate=False)
    sources = []
    if initiative.location:
        sources.append(reverse("api:initiative-detail", args=[initiative.slug]))
    members = network.get("members_map")
    return render(request, "frontend/initiative.html", {
        **network,
        "has_map": bool(sources or members),
        "initiative": initiative,
        "provenance": provenance_of(initiative),
        "networks": networks,
        "department": department_name(initiative.department_code),
        "region": region_name(initiative.region_code),
        "jsonld": mark_safe(json.dumps(jsonld, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)),
        "map": parts,
        "map_config": {"background": parts["background"], "sources": sources, "members": members,
                       "kinds": kind_labels()},
    })  # fmt: skip


def page_not_found(request, exception=None):
    if is_api(request):
        return json_error(404, _("Aucune ressource de l’API à cette adresse."))
    return render(request, "404.html", status=404)


def server_error(request):
    """handler500, called while Django handles an exception no one else answered — also one
    raised by a middleware (a session read with the database away): that one is a 503."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DatabaseError) and database_unavailable(exception):
        return unavailable_response(request, exception)
    return server_error_response(request)
