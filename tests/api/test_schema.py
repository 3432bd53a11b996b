import pytest
from django.core.management import call_command


def test_the_openapi_schema_builds_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = out.read_text()
    for path in ("/api/v1/initiatives/", "/api/v1/initiatives/{key}/", "/api/v1/themes/",
                 "/api/v1/networks/", "/api/v1/export.geojson", "/api/v1/export.csv"):  # fmt: skip
        assert f"{path}:" in schema
    for parameter in ("bbox", "near", "radius", "theme", "network", "transitive", "kind",
                      "department", "region", "q", "updated_since", "page_size"):  # fmt: skip
        assert f"name: {parameter}\n" in schema, parameter


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_the_human_docs_use_only_our_own_assets(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html
