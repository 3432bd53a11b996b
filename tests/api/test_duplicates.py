"""Duplicate candidates in the API: /api/v1/duplicates/ before sending, and a POST that looks
like a published initiative is a 409 with the same candidates — unless `not_a_duplicate`."""

import pytest

from initiatives.models import Initiative, Revision
from tests.factories import make_initiative

pytestmark = pytest.mark.django_db
URL = "/api/v1/duplicates/"
NEW = {
    "name": "Maison du Libre", "kind": "place", "scope": "local",
    "location": {"type": "Point", "coordinates": [-4.49, 48.39]}, "location_precision": "commune",
    "commune": "Brest", "insee_code": "29019", "website": "https://www.maison.example.org/contact",
}  # fmt: skip


@pytest.fixture
def maison(db):
    return make_initiative(slug="maison-du-libre", name="Maison du libre", insee_code="29019", commune="Brest",
                           website="https://maison.example.org", location_precision="commune")  # fmt: skip


def test_it_lists_the_candidates_with_their_reasons_and_where_to_correct_them(api, maison):
    response = api.get(URL, {"name": "maison du libre", "insee_code": "29019", "website": "https://maison.example.org/x"})

    assert response.status_code == 200
    assert response.json() == {"candidates": [{
        "id": maison.pk, "slug": "maison-du-libre", "name": "Maison du libre",
        "reasons": ["même commune, nom semblable à 100 %", "même site web (maison.example.org)"],
        "url": "http://testserver/initiatives/maison-du-libre/",
        "api_url": "http://testserver/api/v1/initiatives/maison-du-libre/",
        "edit_url": "http://testserver/initiatives/maison-du-libre/modifier/",
    }]}  # fmt: skip
    assert api.get(URL, {"name": "Ressourcerie", "insee_code": "29019"}).json() == {"candidates": []}
    make_initiative(slug="voisine", at=(2.0, 47.0), location_precision="exact")
    near = api.get(URL, {"name": "Autre chose", "at": "2.0002,47", "location_precision": "exact", "website": ""})
    assert [(c["slug"], c["reasons"]) for c in near.json()["candidates"]] == [("voisine", ["à 15 m"])]


@pytest.mark.parametrize("params, name", [
    ({}, "name"), ({"name": "x", "at": "2"}, "at"), ({"name": "x", "at": "2,100"}, "at"), ({"name": "x", "at": "nan,1"}, "at"),
    ({"name": "x", "kind": "castle"}, "kind"), ({"name": "x", "colour": "red"}, "colour"),
])  # fmt: skip
def test_bad_parameters_are_a_400_naming_them(api, params, name):
    response = api.get(URL, params)
    assert response.status_code == 400
    assert name in response.json()


def test_a_proposal_that_looks_like_a_published_one_is_a_409_and_writes_nothing(api, maison):
    before = Initiative.objects.count(), Revision.objects.count()

    response = api.post("/api/v1/initiatives/", NEW, format="json")

    assert response.status_code == 409
    body = response.json()
    assert "existe peut-être déjà" in body["detail"]
    assert [(c["slug"], c["reasons"]) for c in body["candidates"]] == [
        ("maison-du-libre", ["même commune, nom semblable à 100 %", "même site web (maison.example.org)"])]
    assert (Initiative.objects.count(), Revision.objects.count()) == before


def test_not_a_duplicate_sends_it_to_the_moderation_with_the_candidates(api, maison):
    response = api.post("/api/v1/initiatives/", {**NEW, "not_a_duplicate": True}, format="json")

    assert response.status_code == 202
    revision = Revision.objects.get(pk=response.json()["revision"])
    assert "maison-du-libre" in revision.suspicious
    assert revision.initiative.name == "Maison du Libre"
