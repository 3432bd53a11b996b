"""The first view of the map, when the URL names none: it fits where the published data is —
or what the filters keep (a territory, a network) — rather than always metropolitan France."""

import json
import re

import pytest

from tests.factories import BREST, LYON, make_initiative, make_network

pytestmark = pytest.mark.django_db

QUIMPER = (-4.1024, 47.9960)
SAINT_DENIS_REUNION = (55.4504, -20.8823)


def extent(response):
    html = response.content.decode()
    return json.loads(re.search(r'id="map-config" type="application/json">(.*?)</script>', html, re.S).group(1))["extent"]


def test_it_fits_the_published_initiatives(client):
    make_initiative(at=BREST)
    make_initiative(at=LYON)
    make_initiative(at=SAINT_DENIS_REUNION, status="pending")  # not on the map
    make_network(at=None)  # a network with no place
    assert extent(client.get("/")) == [BREST[0], LYON[1], LYON[0], BREST[1]]
    assert extent(client.get("/embed/")) == [BREST[0], LYON[1], LYON[0], BREST[1]]


def test_it_follows_a_new_publication(client):
    make_initiative(at=BREST)
    assert extent(client.get("/")) == [BREST[0], BREST[1], BREST[0], BREST[1]]
    make_initiative(at=LYON)
    assert extent(client.get("/")) == [BREST[0], LYON[1], LYON[0], BREST[1]]


def test_it_fits_the_chosen_territory_or_network(client):
    make_initiative(at=BREST, department_code="29", region_code="53")
    make_initiative(at=QUIMPER, department_code="29", region_code="53")
    network = make_network(slug="lyonnais")
    make_initiative(at=LYON, department_code="69", region_code="84", networks=[network])
    assert extent(client.get("/?department=29")) == [BREST[0], QUIMPER[1], QUIMPER[0], BREST[1]]
    assert extent(client.get("/?region=84")) == [LYON[0], LYON[1], LYON[0], LYON[1]]
    assert extent(client.get("/?network=lyonnais")) == [LYON[0], LYON[1], LYON[0], LYON[1]]


def test_a_lone_faraway_initiative_does_not_make_the_first_view_the_world(client):
    for _ in range(100):
        make_initiative(at=BREST)
    make_initiative(at=SAINT_DENIS_REUNION)
    assert extent(client.get("/")) == [BREST[0], BREST[1], BREST[0], BREST[1]]


def test_there_is_none_when_the_url_names_a_view_or_nothing_is_placed(client):
    make_initiative(at=BREST)
    assert extent(client.get("/?lat=48&lon=-3&z=9")) is None
    assert extent(client.get("/?region=84")) is None
