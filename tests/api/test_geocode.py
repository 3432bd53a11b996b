"""The geocoding endpoints behind the contribution form (offline gazetteer, as configured)."""

import pytest

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
