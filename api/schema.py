"""What the OpenAPI schema says beyond the views' own annotations: the answers every endpoint
can give (304, 400, 412, 428, 429, 503), and the rules on query strings and bodies that the
filters and serializers check but drf-spectacular cannot read — so that the schema refuses
exactly what the API refuses (schemathesis checks both ways in tests/api/test_schemathesis.py)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from api.filters import MAX_RADIUS_METRES

ERROR = OpenApiTypes.OBJECT
NOT_MODIFIED = OpenApiResponse(description="not modified: the If-None-Match / If-Modified-Since copy is current")
BAD_REQUEST = OpenApiResponse(ERROR, description="a parameter is unknown or invalid: the JSON names it")
UNAVAILABLE = OpenApiResponse(ERROR, description="the database is away (maintenance, failover): see Retry-After")
JSON = "application/json"  # errors are JSON whatever the format asked for
READ_ERRORS = {304: NOT_MODIFIED, (400, JSON): BAD_REQUEST, (503, JSON): UNAVAILABLE}
RETRY_AFTER = OpenApiParameter("Retry-After", int, OpenApiParameter.HEADER, response=[429, 503],
                               description="seconds to wait before trying again")  # fmt: skip
VALIDATORS = [
    OpenApiParameter("ETag", str, OpenApiParameter.HEADER, response=[200, 304],
                     description="send it back in If-None-Match (a read) or If-Match (a change)"),
    OpenApiParameter("Last-Modified", str, OpenApiParameter.HEADER, response=[200, 304]),
]  # fmt: skip
READ_HEADERS = [*VALIDATORS, RETRY_AFTER]

NO_NUL = r"^[^\x00]*$"
# Query-string rules, as the filters (api/filters.py) and pagination check them.
LON = r"-?(180(\.0+)?|(1[0-7][0-9]|[0-9]?[0-9])(\.[0-9]+)?)"  # -180 to 180
LAT = r"-?(90(\.0+)?|[0-8]?[0-9](\.[0-9]+)?)"  # -90 to 90
SLUGS = r"^[-a-zA-Z0-9_]{1,100}(,[-a-zA-Z0-9_]{1,100})*$"
QUERY_RULES = {
    "theme": {"pattern": SLUGS},
    "network": {"pattern": SLUGS},
    "department": {"pattern": r"^(\d{2,3}|2[ABab])(,(\d{2,3}|2[ABab]))*$"},
    "region": {"pattern": r"^\d{2}(,\d{2})*$"},
    "bbox": {"pattern": rf"^{LON},{LAT},{LON},{LAT}$"},  # and min < max, which a pattern cannot say
    "near": {"pattern": rf"^{LON},{LAT}$"},
    "radius": {"minimum": 0, "maximum": MAX_RADIUS_METRES},
    "q": {"maxLength": 200, "pattern": NO_NUL},
    "transitive": {"type": "string", "enum": ["true", "false", "1", "0", "yes", "no"]},
    # A date or a date-time (not OpenAPI's `date-time` format, which wants both).
    "updated_since": {"format": None, "pattern": r"^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d([.,]\d+)?)?(Z|[+-]\d\d(:?\d\d)?)?)?$"},
}
# An empty value is no filter (django-filter's rule): the patterns accept it.
OPTIONAL = ("theme", "network", "department", "region", "bbox", "near", "updated_since")
# Per operation: the geocoder's own parameters.
OPERATION_RULES = {
    "geocode_search": {"q": {"minLength": 2, "maxLength": 100, "pattern": NO_NUL}},
    "suggest": {"q": {"minLength": 2, "maxLength": 100, "pattern": NO_NUL}},
    "networks_list": {"q": {"maxLength": 100, "pattern": NO_NUL}},
}
# Sent together or not at all (a 400 names the missing one).
TOGETHER = ("near", "radius")  # the anyOf below names them
WRITES = ("post", "put", "patch")


def postprocess(result, generator, request, public):
    """drf-spectacular post-processing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            _query_rules(operation, {**QUERY_RULES, **OPERATION_RULES.get(operation.get("operationId"), {})})
            if method in WRITES:
                _writes_answer_json(operation)
    for name in ("InitiativeWrite", "PatchedInitiativeWrite", "Link"):
        component = result.get("components", {}).get("schemas", {}).get(name)
        if component is not None:
            component["additionalProperties"] = False  # unknown fields are a 400 naming them
            for field in component.get("properties", {}).values():
                _no_nul(field)
    return result


def _no_nul(field):
    """Text fields refuse a NUL character (PostgreSQL cannot store it)."""
    if field.get("type") == "string" and not ({"pattern", "enum", "format"} & set(field)):
        field["pattern"] = NO_NUL
    elif field.get("type") == "array":
        _no_nul(field.get("items", {}))


def _writes_answer_json(operation):
    """A write's `format` may only be json (a 400 otherwise); its answers are JSON."""
    for parameter in operation.get("parameters", []):
        if parameter["name"] == "format" and parameter.get("in") == "query":
            parameter["schema"] = {"type": "string", "enum": ["json"]}
    for response in operation.get("responses", {}).values():
        content = response.get("content")
        if content:
            response["content"] = {"application/json": next(iter(content.values()))}


def _query_rules(operation, rules_by_name):
    parameters = operation.get("parameters", [])
    by_name = {p["name"]: p for p in parameters if p.get("in") == "query"}
    for name, rules in rules_by_name.items():
        if name in by_name:
            rules = dict(rules)
            if name in OPTIONAL and "pattern" in rules:
                rules["pattern"] = f"^$|{rules['pattern']}"
            merged = {**by_name[name]["schema"], **rules}
            by_name[name]["schema"] = {key: value for key, value in merged.items() if value is not None}
    if all(name in by_name for name in TOGETHER):
        # OpenAPI 3.0 cannot say that two query parameters go together except as one exploded
        # object: `?near=…&radius=…` is exactly how such an object is sent.
        together = {name: by_name[name] for name in TOGETHER}
        parameters[:] = [p for p in parameters if p not in together.values()]
        parameters.append({
            "in": "query", "name": "near_radius", "style": "form", "explode": True,
            "description": " ".join(f"`{name}`: {p.get('description', '')}." for name, p in together.items())
                           + " Both or neither.",
            "schema": {
                "type": "object",
                "properties": {name: p["schema"] for name, p in together.items()},
                "additionalProperties": False,
                "anyOf": [
                    {"required": ["near", "radius"], "properties": {"near": {"minLength": 1}}},
                    {"not": {"anyOf": [{"required": ["near"]}, {"required": ["radius"]}]}},
                    # An empty `near` is no filter (django-filter's rule), without radius.
                    {"properties": {"near": {"maxLength": 0}}, "not": {"required": ["radius"]}},
                ],
            },
        })  # fmt: skip
