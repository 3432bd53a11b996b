"""French regions and departments (INSEE codes), from ``initiatives/data/territories.json``.

The file is built by ``scripts/build-gazetteer`` from the INSEE Code officiel géographique as
shipped by the npm package ``@etalab/decoupage-administratif`` (Licence Ouverte / Etalab 2.0).

- ``REGIONS``: the 18 regions, code -> name (``"53"`` -> ``"Bretagne"``).
- ``DEPARTMENTS``: the 101 departments, code -> ``{"name": ..., "region": ...}``
  (``"2A"`` -> ``{"name": "Corse-du-Sud", "region": "94"}``).
- ``OVERSEAS_COLLECTIVITIES``: the collectivités d'outre-mer (975 Saint-Pierre-et-Miquelon,
  987 Polynésie française…), which INSEE codes like a department *and* a region. They are not
  in ``REGIONS``/``DEPARTMENTS`` but ``region_name``/``department_name`` know them, since the
  gazetteer holds their communes.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from django.utils.translation import gettext_lazy as _

DATA_FILE = Path(__file__).resolve().parent / "data" / "territories.json"

_data = json.loads(DATA_FILE.read_text(encoding="utf-8"))

REGIONS: dict[str, str] = dict(_data["regions"])
DEPARTMENTS: dict[str, dict] = {
    code: {"name": info["name"], "region": info["region"]}
    for code, info in _data["departments"].items()
}
OVERSEAS_COLLECTIVITIES: dict[str, str] = dict(_data.get("overseas_collectivities", {}))
# The chef-lieu of each region and department ("region" / "departement" → code → insee, name,
# lon, lat): where the France overview draws their symbols.
SEATS: dict[str, dict[str, dict]] = _data["seats"]

del _data


def sort_key(text: str) -> str:
    """French collation, roughly: accents and case ignored, punctuation as spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.casefold().replace("œ", "oe").replace("æ", "ae")
    return " ".join("".join(ch if ch.isalnum() else " " for ch in plain).split())


def normalize_code(code) -> str:
    """``"2a"`` -> ``"2A"``, ``1`` / ``"1"`` -> ``"01"``; anything else stripped, upper-cased."""
    if code is None:
        return ""
    text = str(code).strip().upper()
    if len(text) == 1 and text.isdigit():
        text = "0" + text
    return text


def region_name(code) -> str | None:
    """Name of a region (or overseas collectivity) from its INSEE code, else ``None``."""
    code = normalize_code(code)
    return REGIONS.get(code) or OVERSEAS_COLLECTIVITIES.get(code)


def department_name(code) -> str | None:
    """Name of a department (or overseas collectivity) from its code, else ``None``."""
    code = normalize_code(code)
    info = DEPARTMENTS.get(code)
    if info is not None:
        return info["name"]
    return OVERSEAS_COLLECTIVITIES.get(code)


def department_region(code) -> str | None:
    """Region code of a department (an overseas collectivity is its own region)."""
    code = normalize_code(code)
    info = DEPARTMENTS.get(code)
    if info is not None:
        return info["region"]
    return code if code in OVERSEAS_COLLECTIVITIES else None


def departments_in_region(region_code) -> list[str]:
    """Department codes of a region, in code order."""
    region_code = normalize_code(region_code)
    return sorted(code for code, info in DEPARTMENTS.items() if info["region"] == region_code)


def department_choices(with_code: bool = False) -> list[tuple[str, str]]:
    """``(code, name)`` for the 101 departments, sorted by name (accents ignored).

    ``with_code=True`` labels them ``"29 – Finistère"``.
    """
    items = sorted(DEPARTMENTS.items(), key=lambda kv: (sort_key(kv[1]["name"]), kv[0]))
    if with_code:
        return [(code, f"{code} – {info['name']}") for code, info in items]
    return [(code, info["name"]) for code, info in items]


def region_choices() -> list[tuple[str, str]]:
    """``(code, name)`` for the 18 regions, sorted by name (accents ignored)."""
    return sorted(REGIONS.items(), key=lambda kv: (sort_key(kv[1]), kv[0]))


def territory_errors(department_code, region_code) -> dict:
    """The rule every door shares (the model's clean, hence the API, the form, the admin and
    the importer): a department must exist, and the region must be the department's.
    Returns {field: message}, empty when both are coherent (or empty)."""
    errors = {}
    department, region = normalize_code(department_code or None), normalize_code(region_code or None)
    if department and department_region(department) is None:
        errors["department_code"] = _("Département inconnu : %s.") % department
    if region and region_name(region) is None:
        errors["region_code"] = _("Région inconnue : %s.") % region
    elif department and region and department_region(department) not in (None, region):
        errors["region_code"] = _("Ce n’est pas la région de ce département.")
    return errors
