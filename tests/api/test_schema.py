import re
from urllib.parse import urlsplit

import pytest
import yaml
from django.core.management import call_command


@pytest.fixture(scope="module")
def schema_text(tmp_path_factory):
    out = tmp_path_factory.mktemp("schema") / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    return out.read_text()


def test_the_openapi_schema_builds_without_warnings(schema_text):
    for path in ("/api/v1/initiatives/", "/api/v1/initiatives/{key}/", "/api/v1/themes/",
                 "/api/v1/networks/", "/api/v1/export.geojson", "/api/v1/export.csv"):  # fmt: skip
        assert f"{path}:" in schema_text
    for parameter in ("bbox", "near_radius", "theme", "network", "transitive", "kind",
                      "department", "region", "q", "updated_since", "page_size"):  # fmt: skip
        assert f"name: {parameter}\n" in schema_text, parameter


def test_the_schema_documents_the_write_side(schema_text):
    schema = yaml.safe_load(schema_text)
    listing, detail = schema["paths"]["/api/v1/initiatives/"], schema["paths"]["/api/v1/initiatives/{key}/"]
    writes = {"POST": listing["post"], "PATCH": detail["patch"], "PUT": detail["put"]}
    for method, operation in writes.items():
        assert list(operation["requestBody"]["content"]) == ["application/json"], method
        assert {"tokenAuth": []} in operation["security"] and {"cookieAuth": []} in operation["security"]
        assert {"400", "403", "413", "429"} <= set(operation["responses"]), method
    assert {"201", "202"} <= set(writes["POST"]["responses"])
    for method in ("PATCH", "PUT"):
        responses = writes[method]["responses"]
        assert {"200", "202", "404", "412", "428"} <= set(responses) and "201" not in responses
        if_match = [p for p in writes[method]["parameters"] if p["in"] == "header"]
        assert [(p["name"], p["required"]) for p in if_match] == [("If-Match", True)]
    token = schema["components"]["securitySchemes"]["tokenAuth"]
    assert (token["type"], token["in"], token["name"]) == ("apiKey", "header", "Authorization")
    # Reads are public: no authentication is offered (nor run) for them.
    assert listing["get"]["security"] == detail["get"]["security"] == [{}]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_the_human_docs_use_only_our_own_assets(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    # No absolute URL to another host anywhere in the page (links, scripts, inline settings),
    # and every src/href is a path on our origin.
    hosts = {urlsplit(url).hostname for url in re.findall(r"https?://[^\s\"'<>)]+", html, re.I)}
    assert hosts <= {"testserver"}, hosts
    for target in re.findall(r"""(?:src|href)=["']([^"']*)["']""", html):
        assert target.startswith("/") and not target.startswith("//"), target
    # Whatever a bundle would still fetch elsewhere (Redoc's footer logo, Swagger UI's online
    # validator badge), the browser refuses.
    csp = dict(d.strip().split(" ", 1) for d in response["Content-Security-Policy"].split(";"))
    for directive in ("default-src", "script-src", "style-src", "img-src", "font-src", "connect-src"):
        sources = set(csp[directive].split())
        assert sources <= {"'self'", "'unsafe-inline'", "data:"}, (directive, sources)
    if url.endswith("/docs/"):
        assert '"validatorUrl": null' in html


def parameter(schema, path, name, method="get"):
    [found] = [p for p in schema["paths"][path][method]["parameters"] if p["name"] == name]
    return found


def test_the_schema_says_what_lists_return(schema_text):
    schema = yaml.safe_load(schema_text)
    themes = schema["paths"]["/api/v1/themes/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert themes["type"] == "array" and themes["items"] == {"$ref": "#/components/schemas/Theme"}
    networks = schema["paths"]["/api/v1/networks/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    page = schema["components"]["schemas"][networks["$ref"].rsplit("/", 1)[1]]
    assert set(page["properties"]) == {"results", "links"} and page["properties"]["results"]["type"] == "array"


def test_the_schema_refuses_what_the_api_refuses(schema_text):
    schema = yaml.safe_load(schema_text)
    write = schema["components"]["schemas"]["InitiativeWrite"]
    assert write["properties"]["name"]["minLength"] == 1  # name: ""
    assert write["additionalProperties"] is False  # status, locked, slug, version…
    for path in ("/api/v1/initiatives/", "/api/v1/networks/"):
        assert parameter(schema, path, "page")["schema"]["minimum"] == 1  # page=0
    together = parameter(schema, "/api/v1/initiatives/", "near_radius")  # radius without near
    assert (together["style"], together["explode"]) == ("form", True)
    assert together["schema"]["anyOf"][0]["required"] == ["near", "radius"]
    assert parameter(schema, "/api/v1/clusters/", "zoom")["schema"] == {"type": "integer", "minimum": 0, "maximum": 22}


def test_the_schema_documents_the_answers_clients_must_handle(schema_text):
    schema = yaml.safe_load(schema_text)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            if path.startswith("/api/v1/geocode/"):
                assert {"400", "503"} <= codes, (path, method)
            elif path.startswith("/api/v1/webhooks/"):  # an account's own: no shared cache, no 304
                assert {"401", "503"} <= codes and "Retry-After" in operation["responses"]["503"]["headers"]
                assert method == "get" or "Retry-After" in operation["responses"]["429"]["headers"], (path, method)
            elif method == "get":
                assert {"200", "304", "400", "503"} <= codes, (path, method)
                assert "ETag" in operation["responses"]["200"]["headers"], path
                assert "Retry-After" in operation["responses"]["503"]["headers"], path
            else:
                assert {"400", "429", "503"} <= codes, (path, method)
                assert "Retry-After" in operation["responses"]["429"]["headers"], (path, method)
                if method in ("put", "patch"):
                    assert {"412", "428"} <= codes and "ETag" in operation["responses"]["412"]["headers"]
