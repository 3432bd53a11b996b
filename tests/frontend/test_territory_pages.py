"""The Tour de France: the France overview and a page per region and per department."""

import re

import pytest

from tests.factories import BREST, LILLE, make_initiative, make_network

pytestmark = pytest.mark.django_db


@pytest.fixture
def brittany():
    coop = make_network(slug="coop", name="Coop")
    other = make_network(slug="autre", name="Autre")
    make_initiative(slug="a", name="Atelier A", at=BREST, region_code="53", department_code="29", networks=[coop, other])
    make_initiative(slug="b", name="Atelier B", at=BREST, region_code="53", department_code="29", networks=[coop])
    make_initiative(slug="c", name="Atelier C", at=LILLE, region_code="32", department_code="59", networks=[coop])
    return coop


def test_the_overview_ranks_regions_and_departments(client, brittany):
    html = client.get("/territoires/").content.decode()
    first_region = re.search(r'<tbody><tr><td><a href="/territoires/region/(\w+)/">', html).group(1)
    assert first_region == "53"
    assert 'href="/territoires/departement/29/">29 — Finistère</a></td><td>2</td>' in html


def test_a_region_page_shows_its_networks_and_what_links_it_elsewhere(client, brittany):
    response = client.get("/territoires/region/53/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Bretagne</h1>" in html
    assert re.search(r">Coop</a></td><td>2</td>", html)
    assert "1 des 2 initiatives membres d’un réseau sont dans au moins deux réseaux" in html
    assert re.search(r">Coop</a> —\s*présent dans 1 autre territoire :\s*Hauts-de-France \(1\)", html)
    assert response.context["map_config"]["sources"] == ["/api/v1/initiatives/?region=53&page_size=1000"]
    assert 'rel="prev"' in html and 'rel="next"' in html


def test_region_and_department_codes_do_not_collide(client, brittany):
    assert "<h1>Mayenne</h1>" in client.get("/territoires/departement/53/").content.decode()
    assert "<h1>Bretagne</h1>" in client.get("/territoires/region/53/").content.decode()


def test_the_tour_goes_round_the_regions(client, db):
    from initiatives.territories import region_choices

    codes = [code for code, _name in region_choices()]
    last = client.get(f"/territoires/region/{codes[-1]}/").content.decode()
    assert f'href="/territoires/region/{codes[0]}/" rel="next"' in last


@pytest.mark.parametrize("url", ["/territoires/region/99/", "/territoires/departement/00/", "/territoires/region/<b>/"])
def test_an_unknown_territory_is_the_french_404(client, db, url):
    response = client.get(url)
    assert response.status_code == 404
    assert '<html lang="fr">' in response.content.decode()


def test_a_page_lists_the_networks_with_most_members_here_and_links_to_them_all(client, brittany, monkeypatch):
    from frontend.views import territories

    monkeypatch.setattr(territories, "LISTED", 1)
    html = client.get("/territoires/region/53/").content.decode()
    assert re.search(r">Coop</a></td><td>2</td>", html) and ">Autre</a></td>" not in html
    assert "Et 1 autre réseau, avec moins de membres ici" in html
    assert 'href="/api/v1/territories/region/53/"' in html
