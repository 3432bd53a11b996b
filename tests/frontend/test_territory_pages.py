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


def test_a_repeat_visit_to_an_unchanged_page_is_a_304_that_keeps_the_stored_policy(client, brittany):
    first = client.get("/territoires/region/53/")
    assert first.status_code == 200 and "Content-Security-Policy" in first.headers
    etag = first.headers["ETag"]
    again = client.get("/territoires/region/53/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert "Content-Security-Policy" not in again.headers  # the stored page's nonce stays valid
    make_initiative(slug="d", name="Atelier D", region_code="53", department_code="29", networks=[brittany])
    changed = client.get("/territoires/region/53/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_the_etag_follows_the_language_and_a_signed_in_visitor_always_gets_the_page(client, brittany):
    from tests.factories import PASSWORD, make_user

    etag = client.get("/territoires/region/53/").headers["ETag"]
    client.cookies["django_language"] = "en"
    assert client.get("/territoires/region/53/", HTTP_IF_NONE_MATCH=etag).status_code == 200
    make_user("passant")
    client.login(username="passant", password=PASSWORD)
    response = client.get("/territoires/region/53/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and "ETag" not in response.headers


def test_the_page_is_rendered_once_per_dataset_version(client, brittany, monkeypatch):
    from frontend.views import territories

    assert ">Coop</a></td><td>2</td>" in client.get("/territoires/region/53/").content.decode()
    real = territories.territory_indicators

    def renamed(*args, **kwargs):
        data = real(*args, **kwargs)
        return {**data, "networks": [{**n, "name": f"{n['name']} (relu)"} for n in data["networks"]]}

    monkeypatch.setattr(territories, "territory_indicators", renamed)
    assert ">Coop</a></td><td>2</td>" in client.get("/territoires/region/53/").content.decode()  # reused
    make_initiative(slug="d", name="Atelier D", region_code="53", department_code="29", networks=[brittany])
    assert ">Coop (relu)</a></td><td>3</td>" in client.get("/territoires/region/53/").content.decode()  # rebuilt


def test_the_map_is_composed_once_per_language_and_its_div_matches_its_script(client, brittany, monkeypatch):
    from frontend import maps

    maps._composed.cache_clear()
    calls = []
    real = maps.compose_map
    monkeypatch.setattr(maps, "compose_map", lambda **kwargs: calls.append(kwargs) or real(**kwargs))
    client.get("/territoires/region/53/")
    html = client.get("/territoires/departement/29/").content.decode()
    assert len(calls) == 1
    name = re.search(r'<div class="folium-map" id="(\w+)"', html).group(1)
    assert f'var {name} = L.map(\n                "{name}"' in html
    client.cookies["django_language"] = "en"
    client.get("/territoires/region/53/")
    assert len(calls) == 2
