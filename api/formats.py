"""The other shapes of a Feature: a spreadsheet row and a schema.org JSON-LD node. Both are
derived from the stored GeoJSON Feature, so every format says exactly the same thing."""

import csv
import io

CSV_COLUMNS = [
    "id", "slug", "name", "kind", "summary", "longitude", "latitude", "location_precision",
    "address", "postal_code", "commune", "insee_code", "department_code", "region_code",
    "scope", "themes", "networks", "website", "contact_email", "links", "url", "api_url",
    "updated_at", "version", "license", "attribution",
]  # fmt: skip
MULTI_SEPARATOR = " | "
# A cell starting with one of these is a formula to a spreadsheet: quote it (OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    if value is None:
        return ""
    value = str(value)
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def csv_row(feature):
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
    return [_cell(row[name]) if name not in ("longitude", "latitude", "id", "version")
            else row[name] for name in CSV_COLUMNS]  # fmt: skip


class CSVWriter:
    """Rows to UTF-8 CSV text, chunk by chunk (for streaming); the first chunk starts with a
    byte-order mark and the header so spreadsheets read the accents right."""

    def __init__(self):
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")
        self._started = False

    def chunk(self, features):
        if not self._started:
            self._buffer.write("\ufeff")
            self._writer.writerow(CSV_COLUMNS)
            self._started = True
        for feature in features:
            self._writer.writerow(csv_row(feature))
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text


def to_csv(features):
    return CSVWriter().chunk(features)


JSONLD_CONTEXT = "https://schema.org"


def jsonld_node(feature):
    """schema.org Organization at a Place with GeoCoordinates; `memberOf` its networks."""
    props = feature["properties"]
    page = props["url"]
    base = page.rsplit("/initiatives/", 1)[0]
    node = {
        "@type": "Organization",
        "@id": page,
        "identifier": props["slug"],
        "name": props["name"],
        "description": props["summary"],
        "url": props["website"] or page,
        "mainEntityOfPage": page,
        "knowsAbout": [t["name"] for t in props["themes"]],
        "memberOf": [
            {"@type": "Organization", "@id": f"{base}/initiatives/{n['slug']}/", "name": n["name"]}
            for n in props["networks"]
        ],
        "sameAs": [link["url"] for link in props["links"]],
        "dateModified": props["updated_at"],
        "license": props["license"],
    }
    if props["contact_email"]:
        node["email"] = props["contact_email"]
    address = {
        "@type": "PostalAddress",
        "streetAddress": props["address"],
        "postalCode": props["postal_code"],
        "addressLocality": props["commune"],
        "addressCountry": "FR",
    }
    place = {"@type": "Place", "address": {k: v for k, v in address.items() if v}}
    if feature.get("geometry"):
        lon, lat = feature["geometry"]["coordinates"]
        place["geo"] = {"@type": "GeoCoordinates", "latitude": lat, "longitude": lon}
    if props["commune"] or feature.get("geometry"):
        node["location"] = place
    return node


def to_jsonld(features):
    return {"@context": JSONLD_CONTEXT, "@graph": [jsonld_node(f) for f in features]}
