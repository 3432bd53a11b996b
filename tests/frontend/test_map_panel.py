"""The map pages' panel and configuration, as the server composes them: the network list, the
filters understood from the URL, the names map.js gives to kinds."""

import json
import re

import pytest

from frontend.views import map as map_views
from tests.factories import make_initiative, make_network

pytestmark = pytest.mark.django_db


def map_config(response):
    html = response.content.decode()
    return json.loads(re.search(r'id="map-config" type="application/json">(.*?)</script>', html, re.S).group(1))


def panel_options(response):
    select = re.search(r'<select id="network-select".*?</select>', response.content.decode(), re.S).group(0)
    return re.findall(r'<option value="([^"]+)">', select)


def notice(response):
    found = re.search(r'<p class="notice[^>]*>(.*?)</p>', response.content.decode(), re.S)
    return found.group(1) if found else ""


def test_the_panel_ranks_networks_by_their_published_members_only(client, monkeypatch):
    monkeypatch.setattr(map_views, "PANEL_NETWORKS", 1)
    small = make_network(slug="petit", name="Petit réseau")
    big_on_paper = make_network(slug="gros", name="Gros sur le papier")
    make_initiative(networks=[small])
    for status in ("pending", "pending", "archived"):
        make_initiative(networks=[big_on_paper], status=status)

    response = client.get("/")
    assert response.status_code == 200
    assert panel_options(response) == ["petit"]


def test_the_panel_offers_every_published_network_even_without_members(client):
    """Issue 11: a network whose members are not listed yet is still chosen from the panel
    (its footprint then says so in words); an unpublished network is not offered."""
    only_pending = make_network(slug="en-attente", name="Que des propositions")
    make_initiative(networks=[only_pending], status="pending")
    unpublished = make_network(slug="pas-publie", name="Pas publié", status="pending")
    make_initiative(networks=[unpublished])
    kept = make_network(slug="vivant", name="Réseau vivant")
    make_initiative(networks=[kept])

    response = client.get("/")
    assert response.status_code == 200
    assert panel_options(response) == ["en-attente", "vivant"]


def test_an_unknown_network_slug_is_reported_and_not_applied_and_the_known_ones_kept(client, sample_data):
    response = client.get("/", {"network": ["coop-group,nexiste-pas", "anim-fr"], "kind": "place"})
    assert response.status_code == 200
    assert "network" in notice(response)
    assert map_config(response)["state"] == {"network": ["coop-group", "anim-fr"], "kind": ["place"]}

    alone = client.get("/embed/", {"network": "nexiste-pas"})
    assert alone.status_code == 200
    assert "network" in notice(alone)
    assert map_config(alone)["state"] == {}


def test_unknown_themes_and_territory_codes_are_reported_and_not_applied(client, sample_data):
    response = client.get("/", {"theme": ["communs", "inconnu"], "region": ["53", "99"], "department": ["2a", "999"]})
    assert response.status_code == 200
    reported = notice(response)
    assert "theme" in reported and "region" in reported and "department" in reported
    assert map_config(response)["state"] == {"theme": ["communs"], "region": ["53"], "department": ["2A"]}


@pytest.mark.parametrize("url", ["/", "/embed/", "/initiatives/maison-du-libre/"])
def test_every_map_names_the_kinds_in_the_page_language(client, sample_data, url):
    assert map_config(client.get(url))["kinds"] == {
        "network": "Réseau", "initiative": "Initiative ou projet", "place": "Lieu (tiers-lieu, fablab…)",
        "collective": "Collectif ou association", "event": "Rencontre",
    }  # fmt: skip
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert map_config(client.get(url))["kinds"]["place"] == "Place (third place, fablab…)"


def test_only_the_embed_opens_pages_outside_its_frame(client, sample_data):
    assert map_config(client.get("/embed/"))["embed"] is True
    assert map_config(client.get("/"))["embed"] is False
