"""Which source column or key goes to which of our fields, themes and networks.

Every format has a default mapping (DEFAULTS); a YAML file given with --mapping is laid over
it, key by key. Keys of nested JSON are dotted ("geo.latitude"). The shape:

    id: id                        # the source's identifier (re-imports match on it); a list: the first found
    fields:                       # our field: the source's key, or a list joined by blank lines
      name: nom
      description: [description, descriptionMore]
    longitude: geo.longitude
    latitude: geo.latitude
    categories: [categories]      # keys holding categories (a list, or text split on "|")
    themes: {"Alimentation": transition}     # category -> our theme (slug)
    networks: {"Réseau Colibris": colibris}  # category -> our network (slug)
    network: ""                   # a network every row joins
    constant_themes: []           # themes every row gets
    defaults: {kind: place, scope: local}
    html: [description]           # fields whose HTML is turned into plain text
    hidden_when: [{key: contact_prive, values: [oui, "1", "true"]}]  # contact not imported

Categories that no explicit entry maps are matched to a theme, then to a network, by slug or
by name (accents and case ignored); those that match nothing are counted in the report."""

import yaml
from django.utils.translation import gettext as _

from .errors import ImportRefused

OUR_FIELDS = (
    "name", "kind", "summary", "description", "scope", "address", "postal_code", "commune",
    "insee_code", "department_code", "region_code", "website", "contact_email",
    "location_precision",
)  # fmt: skip
KEYS = {"id", "fields", "longitude", "latitude", "categories", "separator", "themes", "networks",
        "network", "defaults", "html", "hidden_when", "private_values", "constant_themes"}  # fmt: skip

COMMON = {
    "separator": "|",
    "themes": {},
    "networks": {},
    "network": "",
    "html": [],
    "hidden_when": [],
    "private_values": [],
    "constant_themes": [],
    "defaults": {"kind": "initiative", "scope": "local"},
}

# Our own CSV and GeoJSON exports read back as they are written.
OURS = ["name", "kind", "summary", "description", "scope", "address", "postal_code", "commune",
        "insee_code", "department_code", "region_code", "website", "contact_email", "location_precision"]  # fmt: skip

DEFAULTS = {
    "csv": {
        **COMMON,
        "id": ["slug", "id"],  # our own export: the slug; elsewhere an "id" column
        "fields": {name: name for name in OURS},
        "longitude": "longitude",
        "latitude": "latitude",
        "categories": ["themes", "networks"],
    },
    "geojson": {
        **COMMON,
        "id": ["slug", "id"],  # our own export: the slug; elsewhere the Feature's id
        "fields": {name: name for name in OURS},
        "longitude": "geometry.longitude",
        "latitude": "geometry.latitude",
        "categories": ["themes", "networks"],
    },
    # GoGoCarto's "gogofull" element (see its API documentation: name, geo, address,
    # categories, description + descriptionMore, email, website).
    "gogocarto": {
        **COMMON,
        "id": "id",
        "fields": {
            "name": "name",
            "summary": "description",
            "description": "descriptionMore",
            "address": "address.streetAddress",
            "postal_code": "address.postalCode",
            "commune": "address.addressLocality",
            "website": "website",
            "contact_email": "email",
        },
        "longitude": "geo.longitude",
        "latitude": "geo.latitude",
        "categories": ["categories", "categoriesFull", "optionValues", "taxonomy"],
        "html": ["name", "summary", "description", "address", "commune"],
        # GoGoCarto replaces a contact it must not publish by a placeholder.
        "private_values": ["private", "privé", "prive", "hidden", "masqué"],
    },
    # data·inclusion schema v1, `structure`.
    "data-inclusion": {
        **COMMON,
        "id": "id",
        "fields": {
            "name": "nom",
            "description": "description",
            "address": "adresse",
            "postal_code": "code_postal",
            "commune": "commune",
            "insee_code": "code_insee",
            "website": "site_web",
            "contact_email": "courriel",
        },
        "longitude": "longitude",
        "latitude": "latitude",
        "categories": ["reseaux_porteurs"],
        "defaults": {"kind": "place", "scope": "local"},
    },
    # LaMednum "lieux de médiation numérique" Table Schema 1.x (lists joined by "|").
    "mednum": {
        **COMMON,
        "id": "id",
        "fields": {
            "name": "nom",
            "summary": "presentation_resume",
            "description": "presentation_detail",
            "address": "adresse",
            "postal_code": "code_postal",
            "commune": "commune",
            "insee_code": "code_insee",
            "website": "site_web",
            "contact_email": "courriels",
        },
        "longitude": "longitude",
        "latitude": "latitude",
        "categories": [],
        # Every LaMednum place is a digital-inclusion place: our theme of that name.
        "constant_themes": ["mediation-numerique"],
        "defaults": {"kind": "place", "scope": "local"},
    },
}


def load(format_name, path=None):
    """The mapping for `format_name`, with the YAML file at `path` laid over the default."""
    if path is None:
        return DEFAULTS[format_name]
    try:
        with open(path, encoding="utf-8") as handle:
            return parse(format_name, handle.read())
    except OSError as exc:
        raise ImportRefused(_("Fichier de correspondance illisible : %s") % exc) from None
    except UnicodeDecodeError as exc:
        raise ImportRefused(_("Fichier de correspondance : YAML invalide (%s).") % exc) from None


def parse(format_name, text):
    """The mapping for `format_name`, with the YAML `text` (a registered source's) laid over the default."""
    mapping = DEFAULTS[format_name]
    try:
        custom = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise ImportRefused(_("Fichier de correspondance : YAML invalide (%s).") % exc) from None
    if not isinstance(custom, dict):
        raise ImportRefused(_("Fichier de correspondance : un dictionnaire YAML est attendu."))
    if unknown := sorted(set(custom) - KEYS):
        raise ImportRefused(_("Fichier de correspondance : clés inconnues %s.") % ", ".join(unknown))
    if unknown := sorted(set(custom.get("fields") or {}) - set(OUR_FIELDS)):
        raise ImportRefused(_("Fichier de correspondance : champs inconnus %(fields)s (connus : %(known)s).")
                            % {"fields": ", ".join(unknown), "known": ", ".join(OUR_FIELDS)})  # fmt: skip
    for key in ("fields", "themes", "networks", "defaults"):
        if key in custom and not isinstance(custom[key], dict):
            raise ImportRefused(_("Fichier de correspondance : « %s » doit être un dictionnaire.") % key)
    for key in ("fields", "defaults"):  # laid over the default entry by entry
        if key in custom:
            custom[key] = {**mapping[key], **custom[key]}
    return {**mapping, **custom}
