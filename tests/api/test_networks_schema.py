import pytest
import yaml
from django.core.management import call_command


@pytest.fixture(scope="module")
def schema(tmp_path_factory):
    out = tmp_path_factory.mktemp("schema") / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    return yaml.safe_load(out.read_text())


def test_the_network_and_territory_endpoints_are_documented(schema):
    paths = schema["paths"]
    for path in ("/api/v1/networks/{slug}/", "/api/v1/networks/{slug}/members/", "/api/v1/networks/graph/",
                 "/api/v1/territories/", "/api/v1/territories/{kind}/{code}/"):  # fmt: skip
        assert {"200"} <= set(paths[path]["get"]["responses"]), path
    assert {"404"} <= set(paths["/api/v1/networks/{slug}/"]["get"]["responses"])
    members = paths["/api/v1/networks/{slug}/members/"]["get"]
    assert "transitive" in [p["name"] for p in members["parameters"]]
    formats = paths["/api/v1/networks/graph/"]["get"]["responses"]["200"]["content"]
    assert {"application/json", "application/gexf+xml", "application/graphml+xml"} <= set(formats)
