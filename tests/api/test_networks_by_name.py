"""/api/v1/networks/?q=: any published network by name, for the panel's network combobox."""

import pytest

from tests.factories import make_network

pytestmark = pytest.mark.django_db
URL = "/api/v1/networks/"


def slugs(api, **params):
    response = api.get(URL, params)
    assert response.status_code == 200, response.content
    return [n["slug"] for n in response.json()["results"]]


def test_networks_by_name_closest_first_typos_and_accents_forgiven(api, little_map, django_assert_num_queries):
    make_network(slug="reseau-coop-ouest", name="Réseau Coop'Ouest")
    make_network(slug="en-attente", name="Coop en attente", status="pending")
    with django_assert_num_queries(2):  # dataset version, the page
        assert slugs(api, q="coop group") == ["coop-group"]
    assert slugs(api, q="RESEAU") == ["reseau-coop-ouest"]
    assert slugs(api, q="coop") == ["coop-group", "reseau-coop-ouest"]  # never the pending one
    assert slugs(api, q="anim") == ["anim-fr"]
    assert slugs(api, q="zzz") == []


def test_without_q_every_network_by_name(api, little_map):
    assert slugs(api) == slugs(api, q="") == ["anim-fr", "coop-group"]


@pytest.mark.parametrize("q", ["x" * 101, "coop\x00"])
def test_a_bad_name_is_a_400_naming_q(api, little_map, q):
    response = api.get(URL, {"q": q})
    assert response.status_code == 400 and list(response.json()) == ["q"]
