"""The other shapes of a Feature: a spreadsheet row and a schema.org JSON-LD node. Both are
derived from the stored GeoJSON Feature, so every format says exactly the same thing.

CSV: UTF-8 with a byte-order mark, comma-separated by default; `sep=;` gives what French
spreadsheets open by default (semicolons, and a decimal comma in the coordinates). Text is
always quoted and numbers never are, so the codes (INSEE, postal, department, region) stay
text with their leading zeros for a reader that types by quoting (LibreOffice's "quoted
field as text", Python's csv.QUOTE_NONNUMERIC, pandas with dtype=str for them)."""

import csv
import io

from initiatives.dataset import dataset_settings

CSV_COLUMNS = [
    "id", "slug", "name", "kind", "summary", "longitude", "latitude", "location_precision",
    "address", "postal_code", "commune", "insee_code", "department_code", "region_code",
    "scope", "themes", "networks", "website", "contact_email", "links", "url", "api_url",
    "updated_at", "version", "license", "attribution",
]  # fmt: skip
MULTI_SEPARATOR = " | "
# A cell starting with one of these is a formula to a spreadsheet: quote it (OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
NUMBER_COLUMNS = {"id", "longitude", "latitude", "version"}
SEPARATORS = {",": ".", ";": ","}  # column separator → decimal separator


def _cell(value):
    if value is None:
        return ""
    value = str(value)
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def csv_row(feature, decimal="."):
    props = feature["properties"]
    coords = (feature.get("geometry") or {}).get("coordinates") or ["", ""]
    row = {name: props.get(name, "") for name in CSV_COLUMNS}
    row.update(
        id=feature["id"],
        longitude=coords[0],
        latitude=coords[1],
        themes=MULTI_SEPARATOR.join(t["name"] for t in props["themes"]),
        networks=MULTI_SEPARATOR.join(n["name"] for n in props["networks"]),
        links=MULTI_SEPARATOR.join(f"{link['label']} <{link['url']}>" for link in props["links"]),
    )
    return [_cell(row[name]) if name not in NUMBER_COLUMNS else _number(row[name], decimal) for name in CSV_COLUMNS]


def _number(value, decimal):
    if value in ("", None):
        return ""  # no location: an empty cell, not a number
    return value if decimal == "." or not isinstance(value, float) else _DecimalComma(value)


class _DecimalComma(float):
    """A float that the csv module writes, unquoted, with a decimal comma."""

    def __repr__(self):
        return float.__repr__(self).replace(".", ",")

    __str__ = __repr__


class CSVWriter:
    """Rows to UTF-8 CSV text, chunk by chunk (for streaming); the first chunk starts with a
    byte-order mark and the header so spreadsheets read the accents right."""

    def __init__(self, separator=","):
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, delimiter=separator, lineterminator="\r\n",
                                  quoting=csv.QUOTE_NONNUMERIC)  # fmt: skip
        self._decimal = SEPARATORS[separator]
        self._started = False

    def chunk(self, features):
        if not self._started:
            self._buffer.write("\ufeff")
            self._writer.writerow(CSV_COLUMNS)
            self._started = True
        for feature in features:
            self._writer.writerow(csv_row(feature, self._decimal))
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text


def to_csv(features, separator=","):
    return CSVWriter(separator).chunk(features)


JSONLD_CONTEXT = "https://schema.org"
# schema.org types per kind of initiative; every other kind is an Organization.
JSONLD_TYPES = {"event": "Event", "place": "Place"}


def jsonld_node(feature, license_url=None):
    """A schema.org Event, Place or Organization. Each property is one its type has:
    an Organization is `memberOf` its networks, `knowsAbout` its themes and is at a
    `location`; an Event is at a `location`; a Place has its own `address` and `geo`.
    `license` is the licence's URL (schema.org reads it as an IRI)."""
    license_url = license_url or dataset_settings()["license_url"]
    props = feature["properties"]
    page = props["url"]
    base = page.rsplit("/initiatives/", 1)[0]
    kind = JSONLD_TYPES.get(props["kind"], "Organization")
    node = {
        "@type": kind,
        "@id": page,
        "identifier": props["slug"],
        "name": props["name"],
        "description": props["summary"],
        "url": props["website"] or page,
        "mainEntityOfPage": page,
        "keywords": [t["name"] for t in props["themes"]],
        "sameAs": [link["url"] for link in props["links"]],
        "dateModified": props["updated_at"],
        "license": license_url,
    }
    place = place_of(feature)
    if kind == "Place":
        node.update({k: v for k, v in place.items() if k != "@type"})
    elif len(place) > 1:
        node["location"] = place
    if kind == "Organization":
        node["knowsAbout"] = node["keywords"]
        node["memberOf"] = [
            {"@type": "Organization", "@id": f"{base}/initiatives/{n['slug']}/", "name": n["name"]}
            for n in props["networks"]
        ]
        if props["contact_email"]:
            node["email"] = props["contact_email"]
    return node


def place_of(feature):
    props = feature["properties"]
    address = {
        "@type": "PostalAddress",
        "streetAddress": props["address"],
        "postalCode": props["postal_code"],
        "addressLocality": props["commune"],
        "addressCountry": "FR",
    }
    place = {"@type": "Place"}
    if props["commune"] or props["address"] or props["postal_code"]:
        place["address"] = {k: v for k, v in address.items() if v}
    if feature.get("geometry"):
        lon, lat = feature["geometry"]["coordinates"]
        place["geo"] = {"@type": "GeoCoordinates", "latitude": lat, "longitude": lon}
    return place


def to_jsonld(features):
    license_url = dataset_settings()["license_url"]
    return {"@context": JSONLD_CONTEXT, "@graph": [jsonld_node(f, license_url) for f in features]}
