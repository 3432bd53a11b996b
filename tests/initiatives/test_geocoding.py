"""Geocoding: the offline gazetteer (real committed data) and the address-API client (never
called over the network: a fake opener stands in for urllib)."""

import dataclasses
import gzip
import importlib.machinery
import importlib.util
import io
import json
import urllib.error
import urllib.parse
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from initiatives import geocoding
from initiatives.geocoding import (
    AddressAPIGeocoder,
    Geocoder,
    GeocodingError,
    OfflineGazetteer,
    Place,
    get_geocoder,
    normalize,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def gazetteer():
    return OfflineGazetteer()


def first(gazetteer, text):
    places = gazetteer.search(text)
    assert places, f"nothing found for {text!r}"
    return places[0]


# ------------------------------------------------------------------ the data


def test_committed_gazetteer_is_small_and_complete():
    path = geocoding.DATA_FILE
    assert path.stat().st_size < 2 * 1024 * 1024
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    assert len(data["communes"]) > 34_000
    assert len({row[0] for row in data["communes"]}) == len(data["communes"])
    licences = " ".join(source["licence"] for source in data["sources"])
    assert "Licence Ouverte" in licences and "CC BY 4.0" in licences
    assert "GeoNames" in data["attribution"]


def test_place_fields():
    names = [f.name for f in dataclasses.fields(Place)]
    assert names[:9] == ["label", "commune", "insee_code", "postal_code", "department_code",
                         "region_code", "lon", "lat", "precision"]


def test_offline_gazetteer_is_a_geocoder(gazetteer):
    assert isinstance(gazetteer, Geocoder)
    assert isinstance(AddressAPIGeocoder(opener=FakeOpener({})), Geocoder)


# ------------------------------------------------------------------ search


def test_brest(gazetteer):
    brest = first(gazetteer, "Brest")
    assert (brest.commune, brest.insee_code) == ("Brest", "29019")
    assert (brest.department_code, brest.region_code) == ("29", "53")
    assert brest.postal_code == "29200"
    assert brest.precision == "commune" and not brest.approximate
    assert abs(brest.lon - (-4.49)) < 0.05 and abs(brest.lat - 48.39) < 0.05


@pytest.mark.parametrize("text", ["lille", "LILLE", "Lille", " lille  "])
def test_case_insensitive(gazetteer, text):
    assert first(gazetteer, text).insee_code == "59350"


@pytest.mark.parametrize("text", ["saint etienne", "Saint-Étienne", "ST ETIENNE", "st-étienne",
                                  "saint-etienne", "SAINT ÉTIENNE", "saintetienne"])
def test_saint_accents_and_hyphens(gazetteer, text):
    place = first(gazetteer, text)
    assert (place.commune, place.insee_code) == ("Saint-Étienne", "42218")


def test_postal_code(gazetteer):
    places = gazetteer.search("29200")
    assert [p.insee_code for p in places] == ["29019"]
    assert places[0].postal_code == "29200"


def test_postal_code_and_name(gazetteer):
    brest = first(gazetteer, "29200 Brest")
    assert brest.insee_code == "29019" and brest.postal_code == "29200"
    # a postal code that is not the town's own still finds it within the department
    assert first(gazetteer, "29000 Brest").insee_code == "29019"
    # the postal code picks the right homonym
    assert first(gazetteer, "93200 Saint-Denis").insee_code == "93066"
    assert first(gazetteer, "97400 saint denis").insee_code == "97411"


def test_postal_code_shared_by_several_communes(gazetteer):
    places = gazetteer.search("29200", limit=10)
    assert {p.postal_code for p in places} == {"29200"}
    lyon = gazetteer.search("69003")
    assert lyon[0].insee_code == "69123" and lyon[0].postal_code == "69003"


def test_department_hint(gazetteer):
    assert first(gazetteer, "Saint-Denis 93").insee_code == "93066"
    assert [p.department_code for p in gazetteer.search("saint denis 974")] == ["974"]


def test_insee_code(gazetteer):
    assert first(gazetteer, "2A004").commune == "Ajaccio"
    assert first(gazetteer, "75056").commune == "Paris"
    assert gazetteer.get("29019").commune == "Brest"
    assert gazetteer.get("69383").insee_code == "69123"  # an arrondissement -> Lyon
    assert gazetteer.get("00000") is None


def test_prefix_and_word_search_rank_by_population(gazetteer):
    assert first(gazetteer, "par").commune == "Paris"
    assert first(gazetteer, "marseil").commune == "Marseille"
    assert first(gazetteer, "ouen seine").insee_code == "93070"  # Saint-Ouen-sur-Seine


def test_paris_lyon_marseille_districts_give_the_commune(gazetteer):
    place = first(gazetteer, "Lyon 3e Arrondissement")
    assert (place.insee_code, place.postal_code) == ("69123", "69003")
    assert first(gazetteer, "paris 11e arrondissement").postal_code == "75011"


def test_former_commune_gives_the_current_one(gazetteer):
    place = first(gazetteer, "Cherbourg-Octeville")
    assert place.commune == "Cherbourg-en-Cotentin" and place.insee_code == "50129"


def test_limit_and_junk(gazetteer):
    assert len(gazetteer.search("saint", limit=3)) == 3
    assert len(gazetteer.search("saint", limit=1000)) == geocoding.MAX_LIMIT
    assert gazetteer.search("") == []
    assert gazetteer.search("   -- ") == []
    assert gazetteer.search("xyzzyqwerty") == []
    assert gazetteer.search(None) == []
    assert gazetteer.search("a" * 10_000) == []
    assert gazetteer.search("'; DROP TABLE initiatives; --") == []


# ------------------------------------------------------------------ reverse


def test_reverse_central_lyon_is_lyon_not_an_arrondissement(gazetteer):
    place = gazetteer.reverse(4.8320, 45.7578)  # place Bellecour
    assert (place.commune, place.insee_code) == ("Lyon", "69123")
    assert (place.department_code, place.region_code) == ("69", "84")


@pytest.mark.parametrize("lon, lat, code", [
    (-4.4860, 48.3900, "29019"),   # Brest
    (2.3522, 48.8566, "75056"),    # Paris, Hôtel de Ville
    (5.3698, 43.2965, "13055"),    # Marseille, Vieux-Port
    (3.0573, 50.6292, "59350"),    # Lille
    (55.4504, -20.8823, "97411"),  # Saint-Denis, La Réunion
])
def test_reverse_city_centres(gazetteer, lon, lat, code):
    assert gazetteer.reverse(lon, lat).insee_code == code


def test_reverse_far_from_any_commune_or_invalid(gazetteer):
    assert gazetteer.reverse(-30.0, 45.0) is None  # the Atlantic
    assert gazetteer.reverse(0.0, 0.0) is None
    assert gazetteer.reverse(float("nan"), 45.0) is None
    assert gazetteer.reverse(200.0, 45.0) is None
    assert gazetteer.reverse("x", "y") is None


def test_reverse_only_uses_precise_centres(gazetteer):
    index = gazetteer.index
    for cell in index.grid().values():
        for i in cell:
            assert index.centre[i] in geocoding.PRECISE_CENTRES


# ------------------------------------------------------------------ helpers


def test_normalize():
    assert normalize("St-Étienne") == "saint etienne"
    assert normalize("Sainte-Marie-aux-Mines") == "sainte marie aux mines"
    assert normalize("STE MARIE") == "sainte marie"
    assert normalize("L'Haÿ-les-Roses") == "l hay les roses"
    assert normalize("Œuilly") == "oeuilly"
    assert normalize("  Bourg--en   Bresse ") == "bourg en bresse"


def test_normalize_matches_the_build_script():
    loader = importlib.machinery.SourceFileLoader(
        "build_gazetteer", str(ROOT / "scripts" / "build-gazetteer"))
    spec = importlib.util.spec_from_loader("build_gazetteer", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    for text in ["St-Étienne", "L'Haÿ-les-Roses", "Œuilly", "Ste-Anne", "Évry-Courcouronnes",
                 "Saint-Barthélemy-d'Anjou", "Paris 11e Arrondissement", "Faaa", "Bâgé"]:
        assert module.fold(text) == normalize(text)


# ------------------------------------------------------------------ address API (no network)


class FakeResponse(io.BytesIO):
    pass


class FakeOpener:
    """Stands in for urllib's opener: records requests, answers canned JSON or fails."""

    def __init__(self, payload=None, error=None):
        self.payload = payload
        self.error = error
        self.requests = []

    def open(self, request, timeout=None):
        self.requests.append((request, timeout))
        if self.error:
            raise self.error
        return FakeResponse(json.dumps(self.payload).encode())


SEARCH_ANSWER = {
    "type": "FeatureCollection",
    "features": [{
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [2.290084, 49.897443]},
        "properties": {
            "label": "8 Boulevard du Port 80000 Amiens", "score": 0.97, "type": "housenumber",
            "name": "8 Boulevard du Port", "postcode": "80000", "citycode": "80021",
            "city": "Amiens", "context": "80, Somme, Hauts-de-France",
        },
    }],
}


def test_address_api_search_url_and_parsing():
    opener = FakeOpener(SEARCH_ANSWER)
    geocoder = AddressAPIGeocoder(opener=opener, timeout=3)
    places = geocoder.search("8 bd du Port, Amiens", limit=3)

    (request, timeout), = opener.requests
    assert timeout == 3
    url = urllib.parse.urlsplit(request.full_url)
    assert (url.scheme, url.netloc, url.path) == ("https", "api-adresse.data.gouv.fr", "/search/")
    assert urllib.parse.parse_qs(url.query) == {"q": ["8 bd du Port, Amiens"], "limit": ["3"]}
    assert request.get_method() == "GET"

    assert places == [Place(
        label="8 Boulevard du Port 80000 Amiens", commune="Amiens", insee_code="80021",
        postal_code="80000", department_code="80", region_code="32",
        lon=2.290084, lat=49.897443, precision="address",
    )]


def test_address_api_reverse_url_and_district_codes():
    answer = {"features": [{
        "geometry": {"coordinates": [4.8357, 45.7640]},
        "properties": {"label": "Lyon 3e Arrondissement", "type": "municipality",
                       "postcode": "69003", "citycode": "69383", "city": "Lyon",
                       "context": "69, Rhône, Auvergne-Rhône-Alpes"},
    }]}
    opener = FakeOpener(answer)
    geocoder = AddressAPIGeocoder(base_url="https://geocoder.example/", opener=opener)
    place = geocoder.reverse(4.8357, 45.764)

    (request, _), = opener.requests
    assert request.full_url == "https://geocoder.example/reverse/?lon=4.835700&lat=45.764000"
    assert (place.insee_code, place.commune, place.precision) == ("69123", "Lyon", "commune")
    assert (place.department_code, place.region_code) == ("69", "84")


def test_address_api_failure_falls_back_or_raises(gazetteer):
    down = FakeOpener(error=urllib.error.URLError("no route to host"))
    with_fallback = AddressAPIGeocoder(opener=down, fallback=gazetteer)
    assert with_fallback.search("Brest")[0].insee_code == "29019"
    assert with_fallback.reverse(-4.486, 48.39).insee_code == "29019"

    without = AddressAPIGeocoder(opener=FakeOpener(error=TimeoutError("timed out")))
    with pytest.raises(GeocodingError):
        without.search("Brest")
    garbage = AddressAPIGeocoder(opener=FakeOpener(payload=["not", "an", "object"]))
    with pytest.raises(GeocodingError):
        garbage.reverse(2.0, 48.0)


def test_address_api_short_queries_do_not_call_the_api():
    opener = FakeOpener(SEARCH_ANSWER)
    geocoder = AddressAPIGeocoder(opener=opener)
    assert geocoder.search("ab") == []
    assert geocoder.search("  ") == []
    assert geocoder.reverse(1000, 1000) is None
    assert opener.requests == []


# ------------------------------------------------------------------ configuration


def test_get_geocoder_defaults_to_offline(settings):
    if hasattr(settings, "GEOCODER"):
        del settings.GEOCODER
    geocoder = get_geocoder()
    assert isinstance(geocoder, OfflineGazetteer)
    assert get_geocoder() is geocoder
    settings.GEOCODER = "offline"
    assert get_geocoder() is geocoder


def test_get_geocoder_address_api(settings):
    settings.GEOCODER = "address-api"
    settings.GEOCODER_TIMEOUT = 2
    geocoder = get_geocoder()
    assert isinstance(geocoder, AddressAPIGeocoder)
    assert geocoder.timeout == 2.0
    assert geocoder.base_url == "https://api-adresse.data.gouv.fr"
    assert isinstance(geocoder.fallback, OfflineGazetteer)


def test_get_geocoder_rejects_unknown_names(settings):
    settings.GEOCODER = "google"
    with pytest.raises(ImproperlyConfigured):
        get_geocoder()
