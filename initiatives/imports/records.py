"""A source row, read through a mapping, becomes an Entry: the source id and the values of
ours that the row provides. A key the source does not have (or a JSON null) is not provided,
and an update leaves that field as it is here."""

import math
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.translation import gettext as _

from ..models import Initiative, Theme
from .errors import ImportRefused
from .text import html_to_text


@lru_cache(maxsize=65536)  # categories and flags repeat from row to row
def normalise_name(value):
    """Lower case, accents and surrounding spaces gone: how categories and names are compared."""
    decomposed = unicodedata.normalize("NFKD", str(value).strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass
class Entry:
    source_id: str
    data: dict  # our keys (snapshot keys) -> value, only those the source provides
    errors: list = field(default_factory=list)  # [(field, reason)]
    unmatched: list = field(default_factory=list)  # categories that map to nothing


class Categories:
    """Category values to our themes and networks: explicit entries of the mapping first,
    then a theme, then a network of the same slug or name."""

    def __init__(self, mapping):
        self.themes = {normalise_name(k): v for k, v in (mapping["themes"] or {}).items()}
        self.networks = {normalise_name(k): v for k, v in (mapping["networks"] or {}).items()}
        theme_slugs = set()
        self.auto_themes = {}
        for slug, name_fr, name_en in Theme.objects.values_list("slug", "name_fr", "name_en"):
            theme_slugs.add(slug)
            for key in (slug, name_fr, name_en):
                self.auto_themes.setdefault(normalise_name(key), slug)
        networks = Initiative.objects.networks().exclude(status=Initiative.Status.ARCHIVED)
        network_slugs = set()
        self.auto_networks = {}
        for slug, name in networks.values_list("slug", "name"):
            network_slugs.add(slug)
            for key in (slug, name):
                self.auto_networks.setdefault(normalise_name(key), slug)
        # What read_entry reads of the mapping for every row, worked out once.
        self.fields = [(name, keys if isinstance(keys, list) else [keys], name in mapping["html"],
                        name in ("website", "contact_email")) for name, keys in mapping["fields"].items()]  # fmt: skip
        self.private = {normalise_name(v) for v in mapping["private_values"]}
        self.hidden_when = [(rule.get("key"), {normalise_name(v) for v in rule.get("values", [])})
                            for rule in mapping["hidden_when"]]  # fmt: skip
        self.id_keys = mapping["id"] if isinstance(mapping["id"], list) else [mapping["id"]]
        wanted_themes = set(self.themes.values()) | set(mapping["constant_themes"] or [])
        if unknown := sorted(wanted_themes - theme_slugs):
            raise ImportRefused(_("Correspondance : thème inconnu %s.") % ", ".join(unknown))
        wanted_networks = set(self.networks.values()) | ({mapping["network"]} if mapping["network"] else set())
        if unknown := sorted(wanted_networks - network_slugs):
            raise ImportRefused(_("Correspondance : réseau inconnu %s.") % ", ".join(unknown))

    def resolve(self, values):
        themes, networks, unmatched = set(), set(), []
        for value in values:
            key = normalise_name(value)
            if not key:
                continue
            if key in self.themes:
                themes.add(self.themes[key])
            elif key in self.networks:
                networks.add(self.networks[key])
            elif key in self.auto_themes:
                themes.add(self.auto_themes[key])
            elif key in self.auto_networks:
                networks.add(self.auto_networks[key])
            else:
                unmatched.append(str(value).strip())
        return themes, networks, unmatched


def read_entry(row, mapping, categories):
    errors = [row["_error"]] if "_error" in row else []
    data = {}
    for name, keys, html, first_only in categories.fields:
        # A JSON null says "unknown", not "empty": the field is not provided.
        if len(keys) == 1:
            value = row.get(keys[0])
            if value is None:
                continue
            value = _text(value)
        else:
            parts = [_text(row[key]) for key in keys if row.get(key) is not None]
            if not parts:
                continue
            value = "\n\n".join(part for part in parts if part)
        if html:
            value = html_to_text(value)
        if first_only:
            value = value.split("|")[0].strip()  # several (LaMednum lists): the first
        data[name] = value
    if "contact_email" in data and _hidden(row, data["contact_email"], categories):
        data["contact_email"] = ""
    if mapping["longitude"] in row or mapping["latitude"] in row:
        location, error = _location(row.get(mapping["longitude"]), row.get(mapping["latitude"]))
        if error:
            errors.append(("location", error))
        data["location"] = location
    category_keys = [key for key in mapping["categories"] if row.get(key, None) is not None]
    themes, networks, unmatched = categories.resolve(
        value for key in category_keys for value in _values(row[key], mapping["separator"])
    )
    if category_keys or mapping["constant_themes"]:
        data["themes"] = sorted(themes | set(mapping["constant_themes"]))
    if category_keys or mapping["network"]:
        data["networks"] = sorted(networks | ({mapping["network"]} if mapping["network"] else set()))
    source_id = next((_source_id(row[key]) for key in categories.id_keys if _source_id(row.get(key))), "")
    return Entry(source_id, data, errors, unmatched)


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (list, dict)):
        return ""
    return str(value).strip()


def _source_id(value):
    return _text(value) if not isinstance(value, bool) else ""


def _hidden(row, value, categories):
    if normalise_name(value) in categories.private:
        return True
    return any(normalise_name(_text(row.get(key))) in wanted for key, wanted in categories.hidden_when)


def _number(value):
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        number = float(str(value).strip().replace(",", "."))  # French spreadsheets: "48,39"
    if not math.isfinite(number):
        raise ValueError
    return number


def _location(lon, lat):
    """([lon, lat] or None, error or None)."""
    if _text(lon) == "" and _text(lat) == "":
        return None, None
    try:
        lon, lat = _number(lon), _number(lat)
    except (TypeError, ValueError):
        return None, _("coordonnées illisibles : longitude et latitude doivent être deux nombres")
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return None, _("coordonnées hors limites : longitude entre -180 et 180, latitude entre -90 et 90 (longitude %(lon)s, latitude %(lat)s)") % {"lon": lon, "lat": lat}
    return [round(lon, 6), round(lat, 6)], None  # as snapshots keep it


def _values(value, separator):
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [_category(item) for item in value if _category(item)]
    return [part.strip() for part in str(value).split(separator) if part.strip()]


def _category(item):
    if isinstance(item, dict):
        item = item.get("slug") or item.get("name") or item.get("id")
    return _text(item)
