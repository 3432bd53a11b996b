"""Server-rendered pages: French first, escaped user text, framing only for the embed."""

import json
import re

import pytest

from frontend.folium_assets import external_assets
from initiatives import services
from tests.factories import make_initiative, make_user, proposal

pytestmark = pytest.mark.django_db
XSS = '</script><script>alert(1)</script><img src=x onerror=alert(2)>'


@pytest.mark.parametrize("url", ["/", "/embed/", "/a-propos/", "/initiatives/maison-du-libre/",
                                 "/initiatives/coop-group/", "/initiatives/anim-fr/"])  # fmt: skip
def test_pages_load_every_asset_from_our_origin(client, sample_data, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert external_assets(html) == []
    assert re.search(r'<html lang="fr">', html)


def test_french_first_whatever_the_browser_says_and_english_on_request(client, sample_data):
    assert "dont <strong>" in client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html and "including <strong>" in html


def test_only_the_embed_may_be_framed_by_other_sites(client, sample_data):
    assert client.get("/")["X-Frame-Options"] == "DENY"
    embed = client.get("/embed/")
    assert "X-Frame-Options" not in embed
    assert "frame-ancestors *;" in embed["Content-Security-Policy"] + ";"


def test_the_map_page_inlines_no_data_unless_the_url_names_the_view(client, sample_data):
    html = client.get("/").content.decode()
    assert "Fabriques du Ponant" not in html  # the browser loads initiatives from the API
    # (A named view carries its first clusters: tests/frontend/test_first_clusters.py.)
    config = json.loads(re.search(r'<script id="map-config" type="application/json">(.*?)</script>', html, re.S).group(1))
    assert config["clustersUrl"] == "/api/v1/clusters/"


def test_garbage_in_the_url_is_reported_not_fatal(client, sample_data):
    response = client.get("/", {"z": "banana", "theme": "<b>", "foo": "1", "kind": "place"})
    assert response.status_code == 200
    html = response.content.decode()
    notice = re.search(r'<p class="notice[^>]*>(.*?)</p>', html, re.S).group(1)
    assert "foo" in notice and "theme" in notice and "z" in notice and "&lt;b&gt;" not in notice
    config = json.loads(re.search(r'id="map-config" type="application/json">(.*?)</script>', html, re.S).group(1))
    assert config["state"] == {"kind": ["place"]}


def test_user_text_is_escaped_in_the_page_and_its_json_ld(client, db):
    make_initiative(slug="xss", name=XSS, summary=XSS, description=XSS)
    html = client.get("/initiatives/xss/").content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    jsonld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(jsonld)["name"] == XSS


def test_a_network_page_lists_its_members_and_a_member_page_its_networks(client, sample_data):
    network = client.get("/initiatives/coop-group/").content.decode()
    assert re.search(r'<ul class="members">.*Anim-fr.*</ul>', network, re.S)
    member = client.get("/initiatives/anim-fr/").content.decode()
    assert re.search(r'<ul class="networks">.*Coop Group.*</ul>', member, re.S)


def test_an_initiative_page_links_to_its_correction_its_history_and_its_report(client, sample_data):
    html = client.get("/initiatives/maison-du-libre/").content.decode()
    links = dict((text, href) for href, text in re.findall(r'<a class="btn[^"]*" href="([^"]+)">([^<]+)</a>', html))
    assert links["Proposer une correction"] == "/initiatives/maison-du-libre/modifier/"
    assert links["Historique"] == "/initiatives/maison-du-libre/historique/"
    assert links["Signaler un problème"] == "/initiatives/maison-du-libre/signaler/"
    for href in links.values():
        assert client.get(href).status_code == 200


@pytest.mark.parametrize("url", ["/pas-une-page/", "/initiatives/nexiste-pas/historique/"])
def test_any_missing_page_is_the_helpful_404_with_a_search_box(client, db, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    form = re.search(r'<form action="/" method="get" role="search">.*?</form>', html, re.S).group(0)
    assert '<input id="q404" name="q" type="search"' in form
    assert '<label for="q404">' in html


@pytest.mark.parametrize("slug", ["nexiste-pas", "pending-one"])
def test_unknown_or_unpublished_slugs_get_a_helpful_404(client, db, slug):
    make_initiative(slug="pending-one", status="pending")
    response = client.get(f"/initiatives/{slug}/")
    assert response.status_code == 404
    assert 'name="q"' in response.content.decode()


def test_the_home_page_costs_a_fixed_number_of_queries(client, sample_data, django_assert_num_queries):
    client.get("/api/v1/clusters/", {"zoom": 6})  # brings the map's cells up to date (initiatives/map_cells.py)
    # Themes, dataset version, the biggest networks, the counts, the seatless networks, the
    # extent, and the fitted view's clusters at its three likely zooms (frontend/first_view.py).
    with django_assert_num_queries(9):
        client.get("/")
    with django_assert_num_queries(2):  # the same dataset version: its aggregates are remembered
        assert client.get("/").status_code == 200


def test_the_home_page_counts_follow_every_change(client, sample_data):
    before = client.get("/").context["counts"]
    services.propose_initiative(data=proposal(name="Atelier neuf"), author=make_user("modo", role="moderator"))
    after = client.get("/").context["counts"]
    assert after["initiatives"] == before["initiatives"] + 1


@pytest.mark.parametrize("tiles", ["", "https://tiles.example.org/{z}/{x}/{y}.png"])
def test_without_a_tile_server_the_maps_draw_an_offline_background(client, db, settings, tiles):
    settings.MAP_TILES_URL = tiles
    page = client.get("/").content.decode()
    assert ("vendor/natural-earth/countries-around-france.geojson" in page) == (not tiles)
    assert ("tiles.example.org" in page) == bool(tiles)
