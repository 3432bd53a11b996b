"""The geocoding endpoints behind the contribution form (offline gazetteer, as configured)."""

import io
import json
import runpy
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

from initiatives import geocoding

BASE_SETTINGS = str(Path(django_settings.BASE_DIR) / "project" / "settings" / "base.py")

pytestmark = pytest.mark.django_db


def test_search_finds_a_commune_with_its_codes_and_territory_names(api):
    response = api.get("/api/v1/geocode/", {"q": "brest"})
    assert response.status_code == 200
    assert "max-age=3600" in response["Cache-Control"]
    brest = response.json()["results"][0]
    assert brest["commune"] == "Brest"
    assert brest["insee_code"] == "29019"
    assert brest["postal_code"].startswith("292")
    assert (brest["department_code"], brest["department"]) == ("29", "Finistère")
    assert (brest["region_code"], brest["region"]) == ("53", "Bretagne")
    assert brest["precision"] == "commune"
    assert brest["lon"] == pytest.approx(-4.49, abs=0.05) and brest["lat"] == pytest.approx(48.39, abs=0.05)
    assert set(brest) == {"label", "commune", "insee_code", "postal_code", "department_code", "department",
                          "region_code", "region", "lon", "lat", "precision", "approximate"}  # fmt: skip


def test_search_by_postal_code_and_limit(api):
    results = api.get("/api/v1/geocode/", {"q": "29200", "limit": 1}).json()["results"]
    assert [r["commune"] for r in results] == ["Brest"]
    assert api.get("/api/v1/geocode/", {"q": "29200", "format": "json"}).status_code == 200
    assert "format" in api.get("/api/v1/geocode/", {"q": "29200", "format": "csv"}).json()
    assert api.get("/api/v1/geocode/", {"q": "zzzzqqq"}).json() == {"results": []}


def test_reverse_gives_the_nearest_commune(api):
    response = api.get("/api/v1/geocode/reverse/", {"lon": "-4.4861", "lat": "48.3904"})
    assert response.status_code == 200
    assert response.json()["insee_code"] == "29019"


def test_reverse_in_the_open_sea_is_a_404_in_french(api):
    response = api.get("/api/v1/geocode/reverse/", {"lon": "-30", "lat": "40"})
    assert response.status_code == 404
    assert "commune" in response.json()["detail"]


@pytest.mark.parametrize("url, params, bad", [
    ("/api/v1/geocode/", {}, "q"),
    ("/api/v1/geocode/", {"q": "B"}, "q"),
    ("/api/v1/geocode/", {"q": "B" * 101}, "q"),
    ("/api/v1/geocode/", {"q": "Brest", "limit": "0"}, "limit"),
    ("/api/v1/geocode/", {"q": "Brest", "lon": "1"}, "lon"),
    ("/api/v1/geocode/reverse/", {"lat": "48"}, "lon"),
    ("/api/v1/geocode/reverse/", {"lon": "200", "lat": "48"}, "lon"),
    ("/api/v1/geocode/reverse/", {"lon": "1", "lat": "-91"}, "lat"),
    ("/api/v1/geocode/reverse/", {"lon": "nan", "lat": "48"}, "lon"),
    ("/api/v1/geocode/reverse/", {"lon": "abc", "lat": "48"}, "lon"),
])  # fmt: skip
def test_bad_parameters_get_a_400_naming_them(api, url, params, bad):
    response = api.get(url, params)
    assert response.status_code == 400
    assert bad in response.json()
    assert "max-age" not in response.get("Cache-Control", "")


def test_the_schema_documents_both_endpoints(tmp_path):
    from django.core.management import call_command

    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = out.read_text()
    assert "operationId: geocode_search" in schema and "operationId: geocode_reverse" in schema


@pytest.mark.parametrize("value,expected", [(None, "offline"), ("", "offline"), ("offline", "offline"),
                                            ("address-api", "address-api")])  # fmt: skip
def test_the_geocoder_env_var_is_read_by_the_settings(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("GEOCODER", raising=False)
    else:
        monkeypatch.setenv("GEOCODER", value)
    assert runpy.run_path(BASE_SETTINGS)["GEOCODER"] == expected


def test_an_unknown_geocoder_stops_the_start_up(monkeypatch):
    monkeypatch.setenv("GEOCODER", "adress-api")
    with pytest.raises(ImproperlyConfigured, match="GEOCODER"):
        runpy.run_path(BASE_SETTINGS)


class FakeOpener:
    """The address API's answer, without the network."""

    def __init__(self):
        self.urls = []

    def open(self, request, timeout):
        self.urls.append(request.full_url)
        feature = {"geometry": {"type": "Point", "coordinates": [-4.4861, 48.3904]},
                   "properties": {"label": "8 Rue de Siam 29200 Brest", "type": "housenumber",
                                  "city": "Brest", "citycode": "29019", "postcode": "29200",
                                  "context": "29, Finistère, Bretagne"}}  # fmt: skip
        return io.BytesIO(json.dumps({"features": [feature]}).encode())


def test_the_setting_selects_the_address_api(api, settings, monkeypatch):
    monkeypatch.setattr(geocoding, "_GEOCODERS", {})
    assert isinstance(geocoding.get_geocoder(), geocoding.OfflineGazetteer)
    settings.GEOCODER = "address-api"
    settings.GEOCODER_ADDRESS_API_URL = "https://adresse.example.invalid"
    geocoder = geocoding.get_geocoder()
    assert isinstance(geocoder, geocoding.AddressAPIGeocoder)
    geocoder.opener = FakeOpener()
    results = api.get("/api/v1/geocode/", {"q": "8 rue de siam brest"}).json()["results"]
    assert [(r["label"], r["precision"]) for r in results] == [("8 Rue de Siam 29200 Brest", "address")]
    assert geocoder.opener.urls[0].startswith("https://adresse.example.invalid/search/?")
