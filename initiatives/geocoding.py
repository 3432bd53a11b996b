"""Geocoding of French places behind one small interface.

    from initiatives.geocoding import get_geocoder
    geocoder = get_geocoder()
    geocoder.search("29200 Brest")       # -> [Place(commune="Brest", insee_code="29019", ...)]
    geocoder.reverse(-4.486, 48.390)     # -> Place(commune="Brest", ...) or None

Two implementations of :class:`Geocoder`:

- :class:`OfflineGazetteer` (the default, ``settings.GEOCODER = "offline"``) reads the committed
  gazetteer ``initiatives/data/communes.json.gz`` (built by ``scripts/build-gazetteer``; sources
  and licences in ``initiatives/data/README.md``). It knows communes only: searching finds a
  commune by name (accents, case, hyphens, "St"/"Saint" ignored), by postal code, by INSEE
  code, or "29200 Brest"; ``reverse`` gives the commune whose centre is nearest. The index is
  built once, on first use, and shared by every instance (module-level cache).
- :class:`AddressAPIGeocoder` (``settings.GEOCODER = "address-api"``) asks the national address
  API (Base Adresse Nationale) over HTTP with the standard library only, with a timeout; when
  the API cannot be reached it falls back to the offline gazetteer.

Everything here is plain Python: user text never reaches GDAL, SQL or a shell.
"""

from __future__ import annotations

import bisect
import gzip
import json
import logging
import math
import re
import threading
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from initiatives.territories import department_region

logger = logging.getLogger(__name__)

DATA_FILE = Path(__file__).resolve().parent / "data" / "communes.json.gz"

MAX_QUERY_LENGTH = 200
MAX_LIMIT = 50
# reverse(): no commune centre within this distance -> None (open sea, abroad).
MAX_REVERSE_KM = 30.0
# Centre sources precise enough for reverse(); "postcode" centres are estimates.
PRECISE_CENTRES = frozenset({"geonames", "mairie", "centroid"})

# Paris, Lyon and Marseille arrondissements (their own INSEE codes) -> the commune.
_PLM_PARENT = (("751", "75056", 101, 120), ("6938", "69123", 381, 389), ("132", "13055", 201, 216))


@dataclass(frozen=True)
class Place:
    label: str
    commune: str
    insee_code: str
    postal_code: str
    department_code: str
    region_code: str
    lon: float | None
    lat: float | None
    precision: str = "commune"  # "commune" (town centre) or "address"
    # True when the position is only an estimate (see the gazetteer's "postcode" centres):
    # fine to centre a map, not to pin an initiative without asking the user.
    approximate: bool = False


@runtime_checkable
class Geocoder(Protocol):
    def search(self, text: str, limit: int = 5) -> list[Place]: ...

    def reverse(self, lon: float, lat: float) -> Place | None: ...


class GeocodingError(Exception):
    """The geocoding service could not answer (and no fallback was configured)."""


def normalize(text: str) -> str:
    """Fold a place name for matching: no accents, lower case, punctuation as single spaces,
    "st"/"ste" spelled "saint"/"sainte". ``"St-Étienne"`` -> ``"saint etienne"``.

    Kept identical to ``fold`` in scripts/build-gazetteer (a test checks it).
    """
    text = text.casefold().replace("œ", "oe").replace("æ", "ae")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = _NON_ALNUM.sub(" ", text).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte"}


def commune_of_district(insee_code: str) -> str:
    """INSEE code of the commune for a Paris/Lyon/Marseille arrondissement code, else as is."""
    for prefix, parent, first, last in _PLM_PARENT:
        if len(insee_code) == 5 and insee_code.startswith(prefix) and insee_code.isdigit():
            if first <= int(insee_code[2:]) <= last:
                return parent
    return insee_code


def _district_postcode(code: str) -> str:
    """Postal code of a Paris/Lyon/Marseille district: 75111 -> 75011, 13208 -> 13008,
    69383 -> 69003."""
    if code.startswith("6938"):
        return "6900" + code[4:]
    return code[:2] + "0" + code[3:]


def _clamp_limit(limit) -> int:
    try:
        limit = int(limit)
    except (TypeError, ValueError):
        limit = 5
    return max(1, min(limit, MAX_LIMIT))


def _valid_position(lon, lat) -> tuple[float, float] | None:
    try:
        lon, lat = float(lon), float(lat)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(lon) and math.isfinite(lat)):
        return None
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
        return None
    return lon, lat


# =========================================================================== offline


_POSTCODE = re.compile(r"^\d{5}$")
_INSEE = re.compile(r"^(?:\d{5}|2[ab]\d{3})$")
_DEPARTMENT_HINT = re.compile(r"^(?:\d{2}|2[ab]|97\d|98\d)$")
_GRID = 0.1  # degrees


class _Index:
    """The gazetteer in memory, with the lookup structures built once."""

    def __init__(self, path: Path):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            document = json.load(fh)
        fields = document["fields"]
        expected = ["insee", "name", "department", "region", "postcodes", "population",
                    "lon", "lat", "centre"]
        if fields != expected:
            raise ValueError(f"{path}: unexpected gazetteer fields {fields}")
        self.meta = {k: document.get(k) for k in ("format", "sources", "attribution", "stats")}

        rows = document["communes"]
        self.code = [r[0] for r in rows]
        self.name = [r[1] for r in rows]
        self.department = [r[2] for r in rows]
        self.region = [r[3] for r in rows]
        self.postcodes = [tuple(r[4].split()) if r[4] else () for r in rows]
        self.population = [r[5] or 0 for r in rows]
        self.lon = [r[6] for r in rows]
        self.lat = [r[7] for r in rows]
        self.centre = [r[8] for r in rows]
        self.folded = [normalize(n) for n in self.name]

        n = len(rows)
        population = self.population
        # rows come sorted by code, and sorted() is stable: ties stay in code order
        by_rank = sorted(range(n), key=lambda i: -population[i])
        self.rank = [0] * n  # 0 = most populated
        for position, i in enumerate(by_rank):
            self.rank[i] = position

        self.by_code = {code: i for i, code in enumerate(self.code)}
        self.by_name: dict[str, list[int]] = {}
        self.by_compact: dict[str, list[int]] = {}
        self.by_postcode: dict[str, list[int]] = {}
        for i in by_rank:
            self.by_name.setdefault(self.folded[i], []).append(i)
            self.by_compact.setdefault(self.folded[i].replace(" ", ""), []).append(i)
            for cp in self.postcodes[i]:
                self.by_postcode.setdefault(cp, []).append(i)
        self.by_folded_order = sorted(range(n), key=self.folded.__getitem__)
        self.sorted_keys = [self.folded[i] for i in self.by_folded_order]
        # word -> communes whose name has it, and the sorted words for prefix look-ups
        self.by_word: dict[str, list[int]] = {}
        for i, folded in enumerate(self.folded):
            for word in set(folded.split()):
                self.by_word.setdefault(word, []).append(i)
        self.sorted_words = sorted(self.by_word)

        # Former communes (delegated / associated) and Paris/Lyon/Marseille districts.
        self.aliases: dict[str, list[tuple]] = {}
        for name, parent, code, kind, lon, lat in document.get("aliases", ()):
            i = self.by_code.get(parent)
            if i is None:
                continue
            self.aliases.setdefault(normalize(name), []).append((name, i, code, kind, lon, lat))

        self._grid = None
        self._grid_lock = threading.Lock()

    # ---------------------------------------------------------------- reverse grid
    def grid(self) -> dict[tuple[int, int], list[int]]:
        if self._grid is None:
            with self._grid_lock:
                if self._grid is None:
                    grid: dict[tuple[int, int], list[int]] = {}
                    for i, (lon, lat, src) in enumerate(zip(self.lon, self.lat, self.centre)):
                        if lon is None or src not in PRECISE_CENTRES:
                            continue
                        key = (math.floor(lon / _GRID), math.floor(lat / _GRID))
                        grid.setdefault(key, []).append(i)
                    self._grid = grid
        return self._grid


_INDEXES: dict[Path, _Index] = {}
_INDEX_LOCK = threading.Lock()


def _load_index(path: Path) -> _Index:
    path = Path(path).resolve()
    index = _INDEXES.get(path)
    if index is None:
        with _INDEX_LOCK:
            index = _INDEXES.get(path)
            if index is None:
                index = _INDEXES[path] = _Index(path)
    return index


class OfflineGazetteer:
    """Communes of France from the committed gazetteer; no network, no database."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else DATA_FILE

    @property
    def index(self) -> _Index:
        return _load_index(self.path)

    # ---------------------------------------------------------------- public API
    def search(self, text: str, limit: int = 5) -> list[Place]:
        limit = _clamp_limit(limit)
        if not isinstance(text, str):
            return []
        query = normalize(text[:MAX_QUERY_LENGTH])
        if not query:
            return []
        index = self.index
        tokens = query.split()
        postcode = next((t for t in tokens if _POSTCODE.match(t)), None)
        rest = [t for t in tokens if t != postcode] if postcode else tokens

        if postcode:
            return self._search_postcode(index, postcode, rest, limit)

        department = None
        if len(rest) > 1 and _DEPARTMENT_HINT.match(rest[-1]):
            department = rest[-1].upper()
            rest = rest[:-1]
        if len(rest) == 1 and _INSEE.match(rest[0]):
            i = index.by_code.get(rest[0].upper())
            return [self._place(index, i)] if i is not None else []
        return self._search_name(index, " ".join(rest), limit, department=department)

    def reverse(self, lon: float, lat: float) -> Place | None:
        position = _valid_position(lon, lat)
        if position is None:
            return None
        lon, lat = position
        index = self.index
        grid = index.grid()
        cx, cy = math.floor(lon / _GRID), math.floor(lat / _GRID)
        cos_lat = max(math.cos(math.radians(lat)), 0.01)
        cell_km = 111.32 * _GRID * min(1.0, cos_lat)
        max_ring = int(MAX_REVERSE_KM / cell_km) + 2
        best, best_km = None, MAX_REVERSE_KM
        for ring in range(max_ring + 1):
            if best is not None and (ring - 1) * cell_km > best_km:
                break
            for key in _ring_cells(cx, cy, ring):
                for i in grid.get(key, ()):
                    d = _km(lon, lat, index.lon[i], index.lat[i], cos_lat)
                    if d < best_km or (d == best_km and best is not None and i < best):
                        best, best_km = i, d
        return self._place(index, best) if best is not None else None

    def get(self, insee_code: str) -> Place | None:
        """The commune with this INSEE code (an arrondissement code gives its commune)."""
        if not isinstance(insee_code, str):
            return None
        code = commune_of_district(insee_code.strip().upper())
        i = self.index.by_code.get(code)
        return self._place(self.index, i) if i is not None else None

    # ---------------------------------------------------------------- helpers
    def _search_postcode(self, index, postcode, rest, limit):
        found = list(index.by_postcode.get(postcode, ()))
        if rest:
            wanted = " ".join(rest)
            named = [i for i in found if _name_matches(index, i, wanted)]
            if named:
                found = named
            else:
                # "29000 Brest": a postal code that is not the town's; stay in its department.
                department = postcode[:3] if postcode[:2] in ("97", "98") else postcode[:2]
                if department == "20":
                    department = None  # Corsica: 2A or 2B, the postal code does not say
                return self._search_name(index, wanted, limit, department=department)
        places = [self._place(index, i, postcode=postcode) for i in found[:limit]]
        if len(places) < limit and not rest:
            i = index.by_code.get(postcode)  # also an INSEE code?
            if i is not None and i not in found:
                places.append(self._place(index, i))
        return places

    def _search_name(self, index, query, limit, department=None):
        if not query:
            return []

        def keep(i):
            if department is None:
                return True
            return index.department[i] == department

        results: list[Place] = []
        seen: set[str] = set()

        def add(i, label=None, lon=None, lat=None, approximate=None, postcode=None):
            code = index.code[i]
            if code in seen or not keep(i):
                return
            seen.add(code)
            results.append(self._place(index, i, postcode=postcode, label=label, lon=lon,
                                       lat=lat, approximate=approximate))

        # 1. the exact name (then the same without spaces: "saintetienne", "saint-etienne")
        for i in index.by_name.get(query, ()):
            add(i)
        for i in index.by_compact.get(query.replace(" ", ""), ()):
            add(i)
        # 2. a former commune or a district with that exact name
        for name, i, code, kind, lon, lat in index.aliases.get(query, ()):
            label = f"{name} ({index.name[i]}, {index.department[i]})"
            postcode = _district_postcode(code) if kind == "arrondissement" else None
            if lon is not None:
                add(i, label=label, lon=lon, lat=lat, approximate=False, postcode=postcode)
            else:
                add(i, label=label, postcode=postcode)
        if len(results) >= limit:
            return results[:limit]
        # 3. names starting with the query, most populated first
        lo = bisect.bisect_left(index.sorted_keys, query)
        hi = bisect.bisect_left(index.sorted_keys, query + "\uffff")
        for i in sorted(index.by_folded_order[lo:hi], key=index.rank.__getitem__):
            add(i)
            if len(results) >= limit:
                return results
        # 4. every word of the query starts a word of the name, in any order
        words = query.split()
        if len(words) > 1 or len(query) >= 3:
            candidates = _word_prefix_matches(index, words)
            for i in sorted(candidates, key=index.rank.__getitem__):
                add(i)
                if len(results) >= limit:
                    break
        return results[:limit]

    @staticmethod
    def _place(index, i, postcode=None, label=None, lon=None, lat=None, approximate=None):
        if lon is None:
            lon, lat = index.lon[i], index.lat[i]
        if approximate is None:
            approximate = index.centre[i] not in PRECISE_CENTRES
        postcodes = index.postcodes[i]
        return Place(
            label=label or f"{index.name[i]} ({index.department[i]})",
            commune=index.name[i],
            insee_code=index.code[i],
            postal_code=postcode or (postcodes[0] if postcodes else ""),
            department_code=index.department[i],
            region_code=index.region[i],
            lon=lon,
            lat=lat,
            precision="commune",
            approximate=approximate,
        )


def _word_prefix_matches(index, words) -> set[int]:
    """Communes having, for every query word, a word of their name that starts with it."""
    result: set[int] | None = None
    # the longest words first: they select the fewest communes
    for query_word in sorted(set(words), key=len, reverse=True):
        lo = bisect.bisect_left(index.sorted_words, query_word)
        hi = bisect.bisect_left(index.sorted_words, query_word + "\uffff")
        found: set[int] = set()
        for word in index.sorted_words[lo:hi]:
            found.update(index.by_word[word])
        result = found if result is None else result & found
        if not result:
            return set()
    return result or set()


def _name_matches(index, i, wanted: str) -> bool:
    folded = index.folded[i]
    if folded.startswith(wanted) or folded.replace(" ", "") == wanted.replace(" ", ""):
        return True
    words = folded.split()
    return all(any(w.startswith(q) for w in words) for q in wanted.split())


def _ring_cells(cx: int, cy: int, ring: int):
    if ring == 0:
        yield (cx, cy)
        return
    for dx in range(-ring, ring + 1):
        yield (cx + dx, cy - ring)
        yield (cx + dx, cy + ring)
    for dy in range(-ring + 1, ring):
        yield (cx - ring, cy + dy)
        yield (cx + ring, cy + dy)


def _km(lon1, lat1, lon2, lat2, cos_lat) -> float:
    """Equirectangular distance: exact enough at the scale of a few tens of km."""
    x = (lon2 - lon1) * cos_lat
    y = lat2 - lat1
    return 111.32 * math.hypot(x, y)


# =========================================================================== online


class AddressAPIGeocoder:
    """The national address API (Base Adresse Nationale), standard library only.

    ``GET {base_url}/search/?q=…&limit=…`` and ``GET {base_url}/reverse/?lon=…&lat=…``; both
    answer GeoJSON. ``opener`` is anything with ``open(request, timeout=…)`` returning a
    readable response (``urllib.request.build_opener()`` by default; tests pass a fake).
    When the API fails (network, timeout, HTTP error, bad JSON) the ``fallback`` geocoder
    answers instead, or :class:`GeocodingError` is raised if there is none.
    """

    DEFAULT_URL = "https://api-adresse.data.gouv.fr"
    MAX_RESPONSE_BYTES = 2 * 1024 * 1024

    def __init__(self, base_url: str = DEFAULT_URL, timeout: float = 5.0, opener=None,
                 fallback: Geocoder | None = None, user_agent: str = "carte-des-reseaux"):
        self.base_url = base_url.rstrip("/")
        self.timeout = float(timeout)
        self.opener = opener or urllib.request.build_opener()
        self.fallback = fallback
        self.user_agent = user_agent

    # ---------------------------------------------------------------- URLs
    def search_url(self, text: str, limit: int = 5) -> str:
        query = urllib.parse.urlencode({"q": text, "limit": _clamp_limit(limit)})
        return f"{self.base_url}/search/?{query}"

    def reverse_url(self, lon: float, lat: float) -> str:
        query = urllib.parse.urlencode({"lon": f"{lon:.6f}", "lat": f"{lat:.6f}"})
        return f"{self.base_url}/reverse/?{query}"

    # ---------------------------------------------------------------- API
    def search(self, text: str, limit: int = 5) -> list[Place]:
        limit = _clamp_limit(limit)
        if not isinstance(text, str):
            return []
        query = " ".join(text[:MAX_QUERY_LENGTH].split())
        # The API wants 3+ characters starting with a letter or digit.
        if len(query) < 3 or not query[0].isalnum():
            return self.fallback.search(text, limit) if self.fallback else []
        try:
            data = self._get(self.search_url(query, limit))
        except GeocodingError:
            if self.fallback is None:
                raise
            return self.fallback.search(text, limit)
        return [p for p in map(place_from_feature, data.get("features") or ()) if p][:limit]

    def reverse(self, lon: float, lat: float) -> Place | None:
        position = _valid_position(lon, lat)
        if position is None:
            return None
        try:
            data = self._get(self.reverse_url(*position))
        except GeocodingError:
            if self.fallback is None:
                raise
            return self.fallback.reverse(*position)
        for feature in data.get("features") or ():
            place = place_from_feature(feature)
            if place:
                return place
        return None

    def _get(self, url: str) -> dict:
        request = urllib.request.Request(
            url, headers={"Accept": "application/json", "User-Agent": self.user_agent})
        try:
            response = self.opener.open(request, timeout=self.timeout)
            try:
                body = response.read(self.MAX_RESPONSE_BYTES + 1)
            finally:
                close = getattr(response, "close", None)
                if close:
                    close()
            if len(body) > self.MAX_RESPONSE_BYTES:
                raise ValueError("response too large")
            data = json.loads(body)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            return data
        except (urllib.error.URLError, OSError, ValueError) as exc:  # incl. HTTPError, timeout
            logger.warning("address API failed for %s: %s", url, exc)
            raise GeocodingError(str(exc)) from exc


def place_from_feature(feature) -> Place | None:
    """A :class:`Place` from one GeoJSON feature of the address API (``None`` if unusable)."""
    try:
        props = feature.get("properties") or {}
        lon, lat = feature["geometry"]["coordinates"][:2]
        lon, lat = float(lon), float(lat)
    except (AttributeError, KeyError, TypeError, ValueError, IndexError):
        return None
    context = str(props.get("context") or "")
    department = context.split(",")[0].strip() if context else ""
    insee = commune_of_district(str(props.get("citycode") or ""))
    if not department and insee:
        department = insee[:3] if insee.startswith("97") else insee[:2]
    kind = props.get("type")
    return Place(
        label=str(props.get("label") or props.get("name") or ""),
        commune=str(props.get("city") or ""),
        insee_code=insee,
        postal_code=str(props.get("postcode") or ""),
        department_code=department,
        region_code=department_region(department) or "",
        lon=lon,
        lat=lat,
        precision="commune" if kind == "municipality" else "address",
        approximate=False,
    )


# =========================================================================== configuration

_GEOCODERS: dict[tuple, Geocoder] = {}


def get_geocoder() -> Geocoder:
    """The geocoder chosen by ``settings.GEOCODER``: ``"offline"`` (default) or
    ``"address-api"`` (optional settings: ``GEOCODER_ADDRESS_API_URL``, ``GEOCODER_TIMEOUT``).
    Instances are cached per configuration."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    name = getattr(settings, "GEOCODER", "offline") or "offline"
    if name == "offline":
        key = ("offline",)
        if key not in _GEOCODERS:
            _GEOCODERS[key] = OfflineGazetteer()
        return _GEOCODERS[key]
    if name == "address-api":
        url = getattr(settings, "GEOCODER_ADDRESS_API_URL", AddressAPIGeocoder.DEFAULT_URL)
        timeout = float(getattr(settings, "GEOCODER_TIMEOUT", 5.0))
        key = ("address-api", url, timeout)
        if key not in _GEOCODERS:
            _GEOCODERS[key] = AddressAPIGeocoder(base_url=url, timeout=timeout,
                                                 fallback=OfflineGazetteer())
        return _GEOCODERS[key]
    raise ImproperlyConfigured(f"GEOCODER must be 'offline' or 'address-api', not {name!r}")
