"""A NUL byte cannot be stored in PostgreSQL text: hand-made input carrying one gets a clean
answer (nothing found, or 400), never a 500."""

import pytest

from tests.factories import make_initiative, make_network, make_theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    make_initiative(slug="tiers-lieu", themes=[make_theme(slug="communs")], networks=[make_network(slug="a")])


@pytest.mark.parametrize("parameter", ["theme", "network"])
def test_recent_changes_refuse_a_nul_byte(client, world, parameter):
    response = client.get("/modifications/", {parameter: "communs\x00"})
    assert response.status_code == 400
    assert "Filtre invalide" in response.content.decode()


@pytest.mark.parametrize("query", ["kind=%00", "status=%00", "network=%00", "themes__id__exact=%00", "q=%00"])
@pytest.mark.parametrize("model", ["initiative", "revision", "theme"])
def test_the_admin_lists_refuse_a_nul_byte(admin_client, world, model, query):
    assert admin_client.get(f"/admin/initiatives/{model}/?{query}").status_code == 400
