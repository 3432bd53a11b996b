"""The networks without a seat: the first few on the home page, all of them on their own
page, a page at a time (issue 10: the whole list made every map load heavier)."""

import re

import pytest

from frontend.views import seatless as seatless_views
from tests.factories import BREST, make_network

pytestmark = pytest.mark.django_db


def listed(response):
    found = re.search(r'<ul id="seatless-list">(.*?)</ul>', response.content.decode(), re.S)
    return re.findall(r'<a href="/initiatives/([^/]+)/">', found.group(1)) if found else []


@pytest.fixture
def seatless(monkeypatch):
    monkeypatch.setattr(seatless_views, "PER_PAGE", 3)
    monkeypatch.setattr("frontend.views.map.ON_THE_HOME_PAGE", 2)
    make_network(slug="placed", name="A placé", at=BREST)  # has a seat: never listed
    make_network(slug="proposed", name="B proposé", status="pending")
    return [make_network(slug=f"r{i}", name=f"Réseau {i}") for i in range(5)]


def test_the_home_page_lists_the_first_seatless_networks_and_links_to_all_of_them(client, seatless):
    response = client.get("/")
    assert response.status_code == 200
    assert listed(response) == ["r0", "r1"]
    html = response.content.decode()
    assert '<a href="/reseaux/sans-lieu/">Voir les 5 réseaux sans lieu</a>' in html
    assert "5 réseaux sans lieu</a>, listés sous la liste" in html


def test_the_seatless_page_lists_them_all_a_page_at_a_time(client, seatless):
    first = client.get("/reseaux/sans-lieu/")
    assert first.status_code == 200
    assert listed(first) == ["r0", "r1", "r2"]
    assert 'href="/?network=r0"' in first.content.decode()
    assert 'href="?page=2" rel="next"' in first.content.decode()
    assert listed(client.get("/reseaux/sans-lieu/", {"page": 2})) == ["r3", "r4"]


@pytest.mark.parametrize("page", ["0", "zéro", "99"])
def test_a_page_out_of_range_shows_a_page_that_exists(client, seatless, page):
    response = client.get("/reseaux/sans-lieu/", {"page": page})
    assert response.status_code == 200
    assert listed(response) in (["r0", "r1", "r2"], ["r3", "r4"])


def test_no_link_when_the_home_page_shows_them_all(client):
    make_network(slug="seul", name="Seul")
    response = client.get("/")
    assert listed(response) == ["seul"]
    assert "/reseaux/sans-lieu/" not in response.content.decode()
