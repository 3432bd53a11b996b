"""PATCH changes what it names and nothing else; a PATCH that changes nothing writes nothing;
the territory rule is the form's and the API's alike."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from initiatives.models import Revision
from initiatives.selectors import dataset_state
from tests.factories import make_initiative, make_user

URL = "/api/v1/initiatives/"


@pytest.fixture
def maison(db):
    return make_initiative(slug="maison-du-libre", name="Maison du libre", department_code="29", region_code="53",
                           links=[("Wiki", "https://wiki.example.org/"), ("Forum", "https://forum.example.org/")])


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def patch(client, body):
    etag = client.get(f"{URL}maison-du-libre/")["ETag"]
    return client.patch(f"{URL}maison-du-libre/", body, format="json", HTTP_IF_MATCH=etag)


def links(initiative):
    return list(initiative.links.values_list("label", "url"))


def test_a_patch_that_does_not_name_links_keeps_them(maison):
    before = links(maison)
    response = patch(token_client(make_user("dominique", role="trusted")), {"summary": "Ateliers le jeudi."})
    assert response.status_code == 200, response.content
    maison.refresh_from_db()
    assert maison.summary == "Ateliers le jeudi."
    assert links(maison) == before


def test_an_anonymous_patch_proposes_only_what_it_names(maison):
    response = patch(APIClient(), {"summary": "Ateliers le jeudi."})
    assert response.status_code == 202, response.content
    proposed = Revision.objects.get(status=Revision.Status.PENDING).snapshot
    assert proposed["links"] == [list(link) for link in links(maison)]


@pytest.mark.parametrize("who", ["anonymous", "trusted"])
def test_an_empty_patch_writes_nothing_and_bumps_nothing(maison, who):
    client = APIClient() if who == "anonymous" else token_client(make_user("dominique", role="trusted"))
    dataset, revisions = dataset_state().version, Revision.objects.count()
    response = patch(client, {})
    assert response.status_code == 200, response.content
    assert response.json()["version"] == maison.version
    maison.refresh_from_db()
    assert (maison.version, Revision.objects.count(), dataset_state().version) == (1, revisions, dataset)
    assert links(maison) == [("Wiki", "https://wiki.example.org/"), ("Forum", "https://forum.example.org/")]


@pytest.mark.parametrize(("change", "field"), [
    ({"department_code": "99"}, "department_code"),
    ({"department_code": "29", "region_code": "11"}, "region_code"),
])  # fmt: skip
def test_a_territory_the_form_refuses_the_api_refuses_too(maison, change, field):
    response = patch(token_client(make_user("dominique", role="trusted")), change)
    assert response.status_code == 400, response.content
    assert field in response.json()
    maison.refresh_from_db()
    assert (maison.department_code, maison.region_code, maison.version) == ("29", "53", 1)
