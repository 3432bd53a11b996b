"""The OpenAPI 3.0 definition of /ogc/ (conformance class oas30). Written out rather than
generated: OGC clients read specific things from it — GDAL takes the `limit` parameter's
maximum as its page size — and it names only the one collection we serve."""

from django.urls import reverse

from api.ogc.documents import COLLECTIONS
from api.ogc.params import DEFAULT_LIMIT, QUERYABLES
from api.pagination import MAX_PAGE_SIZE
from initiatives.models import Initiative

EXCEPTION = {
    "type": "object", "required": ["code"],
    "properties": {"code": {"type": "string"}, "description": {"type": "string"},
                   "parameter": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}},
}  # fmt: skip
QUERYABLE_SCHEMAS = {
    "theme": {"type": "string", "description": "theme slug; several separated by commas match any of them"},
    "network": {"type": "string", "description": "members of the network with this slug (any of several)"},
    "kind": {"type": "string", "enum": list(Initiative.Kind.values)},
    "department": {"type": "string", "pattern": "^(\\d{2,3}|2[ABab])$", "description": "department code, e.g. 29 or 2A"},
    "region": {"type": "string", "pattern": "^\\d{2}$", "description": "region INSEE code, e.g. 53"},
}  # fmt: skip
assert set(QUERYABLE_SCHEMAS) == set(QUERYABLES)


def _parameter(name, schema, description="", where="query", required=False, **extra):
    return {"name": name, "in": where, "required": required, "description": description, "schema": schema, **extra}


PARAMETERS = {
    "f": _parameter("f", {"type": "string", "enum": ["json", "html"]}, "response format (else the Accept header)"),
    "collectionId": _parameter("collectionId", {"type": "string", "enum": list(COLLECTIONS)}, where="path", required=True),
    "featureId": _parameter("featureId", {"type": "integer"}, "the Feature's `id`", where="path", required=True),
    "limit": _parameter(
        "limit", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_LIMIT},
        f"features per page (1–{MAX_PAGE_SIZE}); a larger value is refused (400)", style="form", explode=False,
    ),
    "offset": _parameter("offset", {"type": "integer", "minimum": 0, "default": 0}, "features to skip (the `next` link sets it)"),
    "bbox": _parameter(
        "bbox", {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}},
        "minlon,minlat,maxlon,maxlat in CRS84 (6 numbers: heights ignored); minlon > maxlon crosses the antimeridian",
        style="form", explode=False,
    ),
    "bbox-crs": _parameter("bbox-crs", {"type": "string", "enum": ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"]}),
    "datetime": _parameter(
        "datetime", {"type": "string"},
        "on `updated_at`: an instant or an interval (`2026-01-01T00:00:00Z/..`, `../2026-06-30`), ISO 8601",
        style="form", explode=False,
    ),
    "q": _parameter("q", {"type": "string", "maxLength": 200}, "initiatives only: French full-text search, by relevance"),
    **{name: _parameter(name, schema, "initiatives only") for name, schema in QUERYABLE_SCHEMAS.items()},
}  # fmt: skip


def _ref(name):
    return {"$ref": f"#/components/parameters/{name}"}


def _get(summary, operation_id, content, parameters=("f",), errors=("400",)):
    responses = {"200": {"description": summary, "content": {media: {"schema": {"type": "object"}} for media in content}}}
    for code in errors:
        responses[code] = {"$ref": f"#/components/responses/{code}"}
    return {"get": {"summary": summary, "operationId": operation_id, "parameters": [_ref(p) for p in parameters],
                    "responses": responses}}  # fmt: skip


def openapi_document(request):
    root = reverse("ogc:landing")
    items_parameters = ("collectionId", "f", "limit", "offset", "bbox", "bbox-crs", "datetime", "q", *QUERYABLES)
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Carte des réseaux — OGC API – Features",
            "version": "1.0.0",
            "description": "Published initiatives and networks (with their footprints) of the Carte des réseaux de la coopération et des communs.",
            "license": {"name": "ODbL", "url": "https://opendatacommons.org/licenses/odbl/"},
        },
        "servers": [{"url": request.build_absolute_uri(root).rstrip("/")}],
        "paths": {
            "/": _get("Landing page", "getLandingPage", ["application/json", "text/html"]),
            "/conformance": _get("Conformance classes", "getConformanceDeclaration", ["application/json", "text/html"]),
            "/api": _get("This definition", "getAPIDefinition", ["application/vnd.oai.openapi+json;version=3.0"], parameters=()),
            "/collections": _get("Feature collections", "getCollections", ["application/json", "text/html"]),
            "/collections/{collectionId}": _get(
                "A feature collection", "describeCollection", ["application/json", "text/html"],
                parameters=("collectionId", "f"), errors=("400", "404"),
            ),
            "/collections/{collectionId}/queryables": _get(
                "Properties usable as query parameters", "getQueryables", ["application/schema+json"],
                parameters=("collectionId",), errors=("404",),
            ),
            "/collections/{collectionId}/items": _get(
                "Published initiatives or networks, filtered and paged", "getFeatures", ["application/geo+json", "text/html"],
                parameters=items_parameters, errors=("400", "404"),
            ),
            "/collections/{collectionId}/items/{featureId}": _get(
                "One published initiative or network", "getFeature", ["application/geo+json", "text/html"],
                parameters=("collectionId", "featureId", "f"), errors=("400", "404"),
            ),
        },
        "components": {
            "parameters": PARAMETERS,
            "schemas": {"exception": EXCEPTION},
            "responses": {
                code: {"description": text, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/exception"}}}}
                for code, text in (("400", "A parameter is unknown or has a bad value"), ("404", "No such resource"))
            },
        },
    }  # fmt: skip
