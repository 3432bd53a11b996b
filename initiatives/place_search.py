"""Search in the map's own words: the text typed in the map's search box, read as the map's
filters and places. "communs bretagne" is the theme Communs in the region Bretagne; "29" the
department Finistère; "29600" and "Morlaix" the town of Morlaix; "brst" (a typo) Brest.

    from initiatives.place_search import suggest
    found = suggest("communs bretagne")
    found.filters   # {"theme": ["communs"], "region": ["53"], "department": [], "q": ""}
    found.places    # [Place(kind="region", code="53", name="Bretagne", bbox=(...), ...)]

The words are folded like the gazetteer's names (accents, case and punctuation ignored, "st"
spelled "saint"), then the longest phrases that name a theme, a region or a department are
taken out; what remains is looked for as a town (the gazetteer's exact and prefix matches, then
a trigram match in PostgreSQL for typos) and is the free text of the initiatives' search.
Networks are matched on the whole text, typo-tolerant, like the initiatives' own search.
Regions, departments and towns come from the committed gazetteer; themes and networks from
the database (one query each; one more for a typo'd town)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from initiatives.geocoding import OfflineGazetteer, normalize
from initiatives.models import Initiative, Theme
from initiatives.territories import DEPARTMENTS, REGIONS
from project.replicas import reading

# Small words between the named things ("les communs en Bretagne"): not worth searching.
STOPWORDS = frozenset("a au aux d dans de des du en et in l la le les of the".split())
# How close a typo'd town must be (pg_trgm similarity): one word as pg_trgm's `%` says
# ("brst" / "brest" is 0.375); several words are likelier an initiative's name ("maison du
# libre" is 0.41 from "La Maison-Dieu"), so they must be much closer.
TYPO_SIMILARITY = {1: 0.3}
TYPO_SIMILARITY_WORDS = 0.6
MIN_TYPO_LENGTH = 3
LONGEST_PHRASE = 5
_DEPARTMENT_CODE = re.compile(r"^(?:\d{2}|2[ab]|97\d)$")
_POSTCODE = re.compile(r"^\d{5}$")

# pg_trgm's similarity (`%`, threshold 0.3), best first, then the most populated.
SIMILAR_COMMUNES_SQL = """
    SELECT insee FROM initiatives_commune_name
    WHERE search_name %% %s AND similarity(search_name, %s) >= %s
    ORDER BY similarity(search_name, %s) DESC, population DESC, insee
    LIMIT %s
"""


@dataclass(frozen=True)
class Place:
    """Where the map goes: a region or department (its `bbox`, [west, south, east, north],
    from its communes' centres) or a commune (its centre, `lon` / `lat`)."""

    kind: str  # "region", "department" or "commune"
    code: str  # INSEE code
    name: str
    label: str  # "Bretagne", "Finistère (29)", "Morlaix (29)"
    bbox: tuple[float, float, float, float] | None = None
    lon: float | None = None
    lat: float | None = None


@dataclass
class Suggestions:
    places: list[Place] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    networks: list[dict] = field(default_factory=list)  # {"slug", "name"}
    # What the words name as the map's filters: theme / region / department lists and the
    # free text left (q) once the named things and the town are taken out.
    filters: dict = field(default_factory=dict)


def _key(word: str) -> str:
    """A word as matched against the vocabulary: plural and singular alike ("commun")."""
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _phrase_key(text: str) -> str:
    return " ".join(_key(w) for w in normalize(text).split())


@lru_cache(maxsize=1)
def _territory_vocabulary() -> dict[str, tuple[str, str]]:
    words = {_phrase_key(name): ("region", code) for code, name in REGIONS.items()}
    words.update({_phrase_key(info["name"]): ("department", code) for code, info in DEPARTMENTS.items()})
    return words


@lru_cache(maxsize=1)
def territory_boxes() -> dict[tuple[str, str], tuple[float, float, float, float]]:
    """(kind, code) -> [west, south, east, north] of its communes' centres, for the 18 regions
    and 101 departments; computed once from the gazetteer."""
    index = OfflineGazetteer().index
    boxes: dict[tuple[str, str], list[float]] = {}
    for department, region, lon, lat in zip(index.department, index.region, index.lon, index.lat):
        if lon is None or lat is None:
            continue
        for key in (("department", department), ("region", region)):
            box = boxes.get(key)
            if box is None:
                boxes[key] = [lon, lat, lon, lat]
            else:
                box[0], box[1] = min(box[0], lon), min(box[1], lat)
                box[2], box[3] = max(box[2], lon), max(box[3], lat)
    return {key: tuple(round(v, 4) for v in box) for key, box in boxes.items()}


def territory_place(kind: str, code: str) -> Place:
    if kind == "region":
        name, label = REGIONS[code], REGIONS[code]
    else:
        name = DEPARTMENTS[code]["name"]
        label = f"{name} ({code})"
    return Place(kind=kind, code=code, name=name, label=label, bbox=territory_boxes().get((kind, code)))


def _commune_place(place) -> Place:
    return Place(kind="commune", code=place.insee_code, name=place.commune, label=place.label,
                 lon=place.lon, lat=place.lat)  # fmt: skip


def similar_communes(text: str, limit: int) -> list[Place]:
    """Communes whose folded name is close to `text` by trigrams (typos: "brst" → Brest)."""
    gazetteer = OfflineGazetteer()
    minimum = TYPO_SIMILARITY.get(len(text.split()), TYPO_SIMILARITY_WORDS)
    with reading().cursor() as cursor:
        cursor.execute(SIMILAR_COMMUNES_SQL, [text, text, minimum, text, limit])
        codes = [row[0] for row in cursor.fetchall()]
    return [_commune_place(place) for code in codes if (place := gazetteer.get(code))]


def find_communes(text: str, limit: int) -> tuple[list[Place], bool]:
    """Communes for the rest of the query, and whether they account for all of it (an exact
    name or postal code, or a typo'd name): then it is a place, not words to search for."""
    if not text:
        return [], False
    found = [_commune_place(p) for p in OfflineGazetteer().search(text, limit=limit)]
    if found:
        exact = _POSTCODE.match(text) or any(normalize(p.name) == text for p in found)
        return found, bool(exact)
    if len(text) >= MIN_TYPO_LENGTH:
        found = similar_communes(text, limit)
        return found, bool(found)
    return [], False


def _networks(text: str, limit: int) -> list[dict]:
    """Published networks whose name contains a word close to `text` (the initiatives' rule)."""
    return list(Initiative.objects.published().networks().name_like(text).values("slug", "name")[:limit])


def _take_phrases(words: list[str], vocabulary: dict) -> tuple[list, list[str]]:
    """The vocabulary's entries named by the words (longest phrases first), and the words left."""
    keys = [_key(w) for w in words]
    taken = [False] * len(words)
    found = []
    for size in range(min(LONGEST_PHRASE, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            if any(taken[start : start + size]):
                continue
            entry = vocabulary.get(" ".join(keys[start : start + size]))
            if entry is not None and entry not in found:
                found.append(entry)
                taken[start : start + size] = [True] * size
    return found, [w for w, t in zip(words, taken) if not t]


def suggest(text: str, *, limit: int = 5) -> Suggestions:
    """The places, themes and networks `text` names or suggests, and the map filters it means."""
    folded = normalize(text or "")
    words = folded.split()
    themes = list(Theme.objects.all())
    vocabulary = dict(_territory_vocabulary())
    by_slug = {t.slug: t for t in themes}
    for theme in themes:
        for name in (theme.name_fr, theme.name_en, theme.slug):
            vocabulary[_phrase_key(name)] = ("theme", theme.slug)
    named, rest_words = _take_phrases(words, vocabulary)
    # A department by its code ("29", "2A", "974"); five digits are a postal code.
    codes = [w for w in rest_words if _DEPARTMENT_CODE.match(w) and w.upper() in DEPARTMENTS]
    named += [("department", c.upper()) for c in codes]
    rest_words = [w for w in rest_words if w not in codes]
    # Only small words left ("en" of "communs en bretagne"): nothing left to search for.
    rest = " ".join(rest_words) if any(w not in STOPWORDS for w in rest_words) else ""

    places = [territory_place(kind, code) for kind, code in named if kind in ("region", "department")]
    if not named and len(folded) >= MIN_TYPO_LENGTH:
        # "bret" → Bretagne: the territories whose name starts with what is typed.
        places += [territory_place(kind, code) for key, (kind, code) in sorted(_territory_vocabulary().items())
                   if key.startswith(_phrase_key(folded))]  # fmt: skip
    communes, is_place = find_communes(rest, limit)
    places += communes
    chosen_themes = [by_slug[slug] for kind, slug in named if kind == "theme"]
    themes_named = chosen_themes + [
        t for t in themes if t not in chosen_themes and len(folded) >= MIN_TYPO_LENGTH
        and normalize(t.name_fr).startswith(folded)
    ]  # fmt: skip
    filters = {
        "theme": [t.slug for t in chosen_themes],
        "region": [code for kind, code in named if kind == "region"],
        "department": [code for kind, code in named if kind == "department"],
        "q": "" if is_place else rest,
    }
    return Suggestions(
        places=_unique(places)[:limit], themes=themes_named[:limit],
        networks=_networks(folded, limit) if folded else [], filters=filters,
    )  # fmt: skip


def _unique(places: list[Place]) -> list[Place]:
    seen, kept = set(), []
    for place in places:
        if (place.kind, place.code) not in seen:
            seen.add((place.kind, place.code))
            kept.append(place)
    return kept
