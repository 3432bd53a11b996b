"""The JSON documents of the OGC resources (landing page, conformance, collections,
queryables) and the links of the Features responses. Plain dicts: the views send them as JSON
or give them to the HTML templates."""

from urllib.parse import urlencode

from django.contrib.gis.db.models import Extent
from django.db.models import Max, Min
from django.urls import reverse
from django.utils.translation import gettext as _

from api.ogc.params import CRS84
from initiatives.models import Initiative
from initiatives.selectors import per_dataset_version

GEOJSON = "application/geo+json"
JSON = "application/json"
HTML = "text/html"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
SCHEMA = "application/schema+json"
QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables"

# Only what the tests in tests/ogc/ check, and GDAL and OWSLib read.
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
]
COLLECTIONS = ("initiatives", "networks")
TEMPORAL = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"


def _url(request, name, *args, query=None):
    url = request.build_absolute_uri(reverse(f"ogc:{name}", args=args))
    return f"{url}?{urlencode(query)}" if query else url


def _link(href, rel, media_type, title):
    return {"href": href, "rel": rel, "type": media_type, "title": title}


def _self_and_alternate(request, name, *args, json_type=JSON):
    """`self` in the format being served, `alternate` in the other one."""
    html = request.accepted_renderer.format == "html"
    as_json = _link(_url(request, name, *args, query={"f": "json"}), "alternate", json_type, _("Ce document en JSON"))
    as_html = _link(_url(request, name, *args, query={"f": "html"}), "alternate", HTML, _("Ce document en HTML"))
    this, other = (as_html, as_json) if html else (as_json, as_html)
    return [{**this, "rel": "self"}, other]


def landing(request):
    return {
        "title": _("Carte des réseaux de la coopération et des communs"),
        "description": _(
            "Les initiatives publiées de la carte (réseaux, lieux, collectifs, rencontres), "
            "en OGC API – Features : lisibles par QGIS, ArcGIS, GDAL/OGR et OWSLib."
        ),
        "links": [
            *_self_and_alternate(request, "landing"),
            _link(_url(request, "openapi"), "service-desc", OPENAPI, _("La définition de l’API (OpenAPI 3.0)")),
            _link(_url(request, "docs"), "service-doc", HTML, _("La documentation de l’API")),
            _link(_url(request, "conformance"), "conformance", JSON, _("Les classes de conformité")),
            _link(_url(request, "collections"), "data", JSON, _("Les collections")),
        ],
    }


def conformance(request):
    return {"conformsTo": CONFORMANCE}


def _extent(collection_id):
    """Where and when: the box of the located published initiatives (for networks: of their
    published members, what their footprints cover), and the span of the Features'
    `updated_at`. A scan of the table, so remembered per dataset version."""
    published = Initiative.objects.published()
    if collection_id == "networks":
        located = published.filter(memberships__network__in=published.networks())
        dated = published.networks()
    else:
        located = dated = published
    box = located.aggregate(box=Extent("location"))["box"]
    span = dated.aggregate(first=Min("updated_at"), last=Max("updated_at"))
    return {
        "spatial": {"bbox": [[round(v, 6) for v in box] if box else [-180.0, -90.0, 180.0, 90.0]], "crs": CRS84},
        "temporal": {
            "interval": [[m.strftime("%Y-%m-%dT%H:%M:%SZ") if m else None for m in (span["first"], span["last"])]],
            "trs": TEMPORAL,
        },
    }


def _describe(collection_id):
    if collection_id == "networks":
        return _("Réseaux"), _(
            "Les réseaux publiés et leur empreinte : l’enveloppe convexe de leurs membres directs "
            "publiés (un point pour un membre, une ligne pour deux). `datetime` filtre sur la date "
            "de dernière modification du réseau."
        )
    return _("Initiatives"), _(
        "Les initiatives publiées : nom, nature, thèmes, réseaux, territoire, liens. "
        "`datetime` filtre sur la date de dernière modification (updated_at)."
    )


def collection(request, collection_id, *, dataset=None):
    items = _url(request, "items", collection_id)
    title, description = _describe(collection_id)
    return {
        "id": collection_id,
        "title": title,
        "description": description,
        "itemType": "feature",
        "crs": [CRS84],
        "storageCrs": CRS84,
        "extent": per_dataset_version(f"ogc-{collection_id}-extent", lambda: _extent(collection_id), state=dataset),
        "links": [
            _link(_url(request, "collection", collection_id), "self", JSON, _("Cette collection")),
            _link(_url(request, "collection", collection_id, query={"f": "html"}), "alternate", HTML, _("Cette collection en HTML")),
            _link(items, "items", GEOJSON, _("Les éléments en GeoJSON")),
            _link(f"{items}?f=html", "items", HTML, _("Les éléments en HTML")),
            _link(_url(request, "queryables", collection_id), QUERYABLES_REL, SCHEMA, _("Les propriétés filtrables")),
        ],
    }  # fmt: skip


def collections(request, *, dataset=None):
    return {
        "links": _self_and_alternate(request, "collections"),
        "collections": [collection(request, collection_id, dataset=dataset) for collection_id in COLLECTIONS],
    }


def queryables(request, collection_id):
    slug = {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": _url(request, "queryables", collection_id),
        "type": "object",
        "title": _describe(collection_id)[0],
        "properties": {},
        "additionalProperties": False,
    }
    if collection_id != "initiatives":
        return document  # networks: bbox and datetime only
    return {
        **document,
        "properties": {
            "theme": {**slug, "title": _("Thème (identifiant) ; plusieurs séparés par des virgules : l’un ou l’autre")},
            "network": {**slug, "title": _("Membres du réseau (identifiant)")},
            "kind": {"type": "string", "enum": list(Initiative.Kind.values), "title": _("Nature")},
            "department": {"type": "string", "pattern": "^(\\d{2,3}|2[ABab])$", "title": _("Département (code INSEE)")},
            "region": {"type": "string", "pattern": "^\\d{2}$", "title": _("Région (code INSEE)")},
        },
    }  # fmt: skip


def items_links(request, query, *, has_next):
    collection_id = request.parser_context["kwargs"]["collection"]
    html = request.accepted_renderer.format == "html"

    def href(**changes):
        params = request.query_params.copy()
        for name, value in changes.items():
            params[name] = str(value)
        return f"{_url(request, 'items', collection_id)}?{params.urlencode()}"

    own_type = HTML if html else GEOJSON
    links = [
        _link(href(), "self", own_type, _("Cette page")),
        _link(href(f="html" if not html else "json"), "alternate", GEOJSON if html else HTML, _("Cette page dans l’autre format")),
        _link(_url(request, "collection", collection_id), "collection", JSON, _("La collection")),
    ]
    if has_next:
        links.append(_link(href(offset=query.offset + query.limit, limit=query.limit), "next", own_type, _("Page suivante")))
    if query.offset:
        links.append(_link(href(offset=max(query.offset - query.limit, 0), limit=query.limit), "prev", own_type, _("Page précédente")))
    return links


def item_links(request, collection_id, feature_id):
    url = _url(request, "item", collection_id, feature_id)
    html = request.accepted_renderer.format == "html"
    as_json = _link(f"{url}?f=json", "alternate", GEOJSON, _("Cette initiative en GeoJSON"))
    as_html = _link(f"{url}?f=html", "alternate", HTML, _("Cette initiative en HTML"))
    this, other = (as_html, as_json) if html else (as_json, as_html)
    return [{**this, "rel": "self"}, other, _link(_url(request, "collection", collection_id), "collection", JSON, _("La collection"))]

