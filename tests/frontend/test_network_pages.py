"""A network's page: who is in it (directly and through its member networks), where, with
whom it crosses, and — for its animators — the requests to join it."""

import re

import pytest

from initiatives import membership_requests
from initiatives.models import Membership, MembershipRequest
from tests.factories import LILLE, PASSWORD, make_initiative, make_network, make_theme, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def coop():
    """Coop (seatless) has 4 direct members, one of them also in Autre, and a member network,
    Groupe, whose member reaches Coop through it."""
    network = make_network(slug="coop", name="Coop")
    other = make_network(slug="autre", name="Autre")
    group = make_network(slug="groupe", name="Groupe", networks=[network])
    make_initiative(slug="a", name="Atelier A", networks=[network, other])
    make_initiative(slug="b", name="Atelier B", networks=[network])
    make_initiative(slug="c", name="Atelier C", networks=[network], at=LILLE)
    make_initiative(slug="d", name="Atelier D", networks=[group])
    return network


def test_it_lists_direct_members_and_those_through_member_networks_with_the_path(client, coop):
    html = client.get("/initiatives/coop/").content.decode()
    direct = re.search(r'<ul class="members">(.*?)</ul>', html, re.S).group(1)
    assert "Atelier A" in direct and "Groupe" in direct and "Atelier D" not in direct
    indirect = re.search(r'<ul class="indirect-members">(.*?)</ul>', html, re.S).group(1)
    assert re.search(r"Atelier D</a>\s*<span class=\"via\">\(via Groupe\)</span>", indirect)


def test_it_shows_its_crossings_and_its_multi_membership_rate(client, coop):
    html = client.get("/initiatives/coop/").content.decode()
    assert "1 de ses 4 membres sont aussi dans au moins un autre réseau" in html
    assert re.search(r'data-rate="0.25">25 %', html)
    crossings = re.search(r'<table class="table table-sm crossings">(.*?)</table>', html, re.S).group(1)
    assert re.search(r">Autre</a></td><td>1</td>", crossings)


def test_a_seatless_network_with_placed_members_has_a_map_of_its_footprint(client, coop):
    response = client.get("/initiatives/coop/")
    config = response.context["map_config"]
    assert config["sources"] == []  # no seat of its own
    members = config["members"]  # its members as the clusters API groups them, fitted to their box
    assert members["filters"] == {"network": ["coop"], "transitive": True}
    assert members["clustersUrl"] == "/api/v1/clusters/"
    indicators = client.get("/api/v1/networks/coop/").json()
    assert members["bbox"] == indicators["transitive_bbox"] and members["bbox"] is not None
    assert 'class="small-map"' in response.content.decode()


def test_a_network_without_listed_members_invites_them_to_add_themselves(client):
    make_network(slug="vide", name="Réseau sans membres listés")
    html = client.get("/initiatives/vide/").content.decode()
    assert "Ses membres ne sont pas encore listés ici" in html
    assert 'class="small-map"' not in html
    assert "aucun de ses membres n’a de position" in html


@pytest.fixture
def pending(coop):
    """The fablab (in Autre) asks, through Autre's animator, to join Coop: the fablab's side
    has agreed, Coop's has not."""
    autre = make_network(slug="autre-2", name="Autre 2")
    fablab = make_initiative(slug="fablab", name="Fablab <b>", networks=[autre])
    speaker = make_user("animateur-autre", role="animator", network=autre)
    return membership_requests.request_to_join(member=fablab, network=coop, user=speaker)


def test_its_animators_see_pending_requests_and_outsiders_do_not(client, coop, pending):
    make_user("animatrice", role="animator", network=coop)
    make_user("passant")
    client.login(username="passant", password=PASSWORD)
    assert "Demandes d’adhésion en attente" not in client.get("/initiatives/coop/").content.decode()
    client.login(username="animatrice", password=PASSWORD)
    html = client.get("/initiatives/coop/").content.decode()
    assert "Demandes d’adhésion en attente" in html
    assert "Fablab &lt;b&gt;" in html


def test_an_animator_accepts_and_the_decision_is_recorded(client, coop, pending):
    animator = make_user("animatrice", role="animator", network=coop)
    client.login(username="animatrice", password=PASSWORD)
    response = client.post(f"/initiatives/coop/adhesions/{pending.pk}/", {"decision": "accept"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.status, pending.decided_by, pending.network_agreed_by) == ("accepted", animator, animator)
    assert Membership.objects.filter(member__slug="fablab", network=coop).exists()


def test_an_animator_declines_with_a_reason(client, coop, pending):
    animator = make_user("animatrice", role="animator", network=coop)
    client.login(username="animatrice", password=PASSWORD)
    client.post(f"/initiatives/coop/adhesions/{pending.pk}/", {"decision": "decline", "reason": "Hors sujet"})
    pending.refresh_from_db()
    assert (pending.status, pending.decided_by, pending.reason) == ("declined", animator, "Hors sujet")
    assert not Membership.objects.filter(member__slug="fablab", network=coop).exists()


def test_an_outsider_cannot_decide(client, coop, pending):
    make_user("passant")
    client.login(username="passant", password=PASSWORD)
    response = client.post(f"/initiatives/coop/adhesions/{pending.pk}/", {"decision": "accept"})
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == MembershipRequest.Status.PENDING


def test_a_request_of_another_network_is_not_found(client, coop, pending):
    make_network(slug="ailleurs", name="Ailleurs")
    make_user("moderatrice2", role="moderator")
    client.login(username="moderatrice2", password=PASSWORD)
    assert client.post(f"/initiatives/ailleurs/adhesions/{pending.pk}/", {"decision": "accept"}).status_code == 404


def test_the_graph_page_lists_every_network_with_its_crossings(client, coop):
    response = client.get("/reseaux/")
    assert response.status_code == 200
    html = response.content.decode()
    rows = re.findall(r'<tr>\s*<th scope="row">(.*?)</tr>', html, re.S)
    assert len(rows) == 3  # Coop, Autre, Groupe
    coop_row = next(r for r in rows if ">Coop</a>" in r)
    assert "Autre (1)" in coop_row
    groupe_row = next(r for r in rows if ">Groupe</a>" in r)
    assert groupe_row.rstrip().endswith("<td>Coop</td>")


def test_the_graph_page_escapes_network_names(client):
    make_network(slug="xss", name="<script>alert(1)</script>")
    html = client.get("/reseaux/").content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_the_new_pages_speak_english_on_request(client, coop):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "The network of networks" in client.get("/reseaux/").content.decode()
    html = client.get("/initiatives/coop/").content.decode()
    assert "Crossings with other networks" in html and "Multi-membership: 1 of its 4 members" in html
    assert "Tour de France of the territories" in client.get("/territoires/").content.decode()


def test_the_graph_table_names_the_networks_most_shared_with_and_counts_the_others(client, monkeypatch):
    from initiatives import indicators

    monkeypatch.setattr(indicators, "SHARED_LISTED", 2)
    hub = make_network(slug="hub", name="Hub")
    others = [make_network(slug=f"n{k}", name=f"N{k}") for k in range(4)]
    for k, other in enumerate(others):  # N0 shares 1 member with Hub, N3 shares 4
        for _ in range(k + 1):
            make_initiative(networks=[hub, other])
    html = client.get("/reseaux/").content.decode()
    hub_row = re.search(r'<tr>\s*<th scope="row"><a [^>]*>Hub</a>(.*?)</tr>', html, re.S)
    assert re.search(r"<td>N3 \(4\), N2 \(3\) et 2 autres</td>", hub_row.group(1))


def test_it_lists_the_first_members_and_counts_the_others(client, coop, monkeypatch):
    from frontend.views import networks

    monkeypatch.setattr(networks, "LISTED_MEMBERS", 1)
    make_initiative(slug="e", name="Atelier E", networks=[make_network(slug="groupe-2", name="Groupe 2", networks=[coop])])
    html = client.get("/initiatives/coop/").content.decode()
    direct = re.search(r'<ul class="members">(.*?)</ul>', html, re.S).group(1)
    assert re.findall(r">([^<]+)</a>", direct) == ["Atelier A"]
    assert "2 membres par ses réseaux membres" in html  # all of them, though one is listed
    assert "Et 5 autres, dans le flux GeoJSON des membres." in html  # 4 of 5 direct, 1 of 2 through


def test_its_sections_are_rendered_once_per_dataset_version(client, coop, monkeypatch):
    from frontend.views import networks

    assert "Atelier A" in client.get("/initiatives/coop/").content.decode()
    monkeypatch.setattr(networks, "listed_members", lambda *a, **k: {
        "direct": [], "indirect": [], "direct_total": 0, "indirect_total": 0})
    assert "Atelier A" in client.get("/initiatives/coop/").content.decode()  # reused
    make_initiative(slug="z", name="Atelier Z", networks=[coop])
    assert "Atelier A" not in client.get("/initiatives/coop/").content.decode()  # rebuilt


def test_an_unchanged_network_page_is_a_304(client, coop):
    etag = client.get("/initiatives/coop/").headers["ETag"]
    assert client.get("/initiatives/coop/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    make_initiative(slug="z", name="Atelier Z", networks=[coop])
    assert client.get("/initiatives/coop/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_sync_of_its_source_without_changes_is_not_a_stale_304(client):
    from django.utils import timezone

    from initiatives.models import Source

    source = Source.objects.create(name="Carte partenaire", slug="partenaire", url="https://partenaire.example.org/export.json",
                                   format="gogocarto", licence="ODbL 1.0", attribution="© Carte partenaire")  # fmt: skip
    make_initiative(slug="importee", name="Importée", source="Carte partenaire", source_id="42")
    etag = client.get("/initiatives/importee/").headers["ETag"]
    assert client.get("/initiatives/importee/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    Source.objects.filter(pk=source.pk).update(last_synced_at=timezone.now())  # the page shows it; the version does not move
    response = client.get("/initiatives/importee/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and "Dernière synchronisation" in response.content.decode()

def test_the_graph_table_is_paged_biggest_first_and_filtered_without_javascript(client, monkeypatch):
    from frontend.views import networks

    monkeypatch.setattr(networks, "TABLE_PAGE", 2)
    communs = make_theme(slug="communs", name_fr="Communs")
    for k in range(5):  # N4 has 5 members, N0 one; N1 and N3 are about Communs
        network = make_network(slug=f"n{k}", name=f"N{k}", themes=[communs] if k % 2 else [])
        for _ in range(k + 1):
            make_initiative(networks=[network])
    names = lambda html: re.findall(r'<th scope="row"><a [^>]*>(N\d)</a>', html)  # noqa: E731
    first = client.get("/reseaux/").content.decode()
    assert names(first) == ["N4", "N3"] and "page=2" in first
    assert names(client.get("/reseaux/", {"page": 3}).content.decode()) == ["N0"]
    filtered = client.get("/reseaux/", {"theme": "communs"}).content.decode()
    assert names(filtered) == ["N3", "N1"] and "page=2" not in filtered
    assert "/api/v1/networks/graph/?theme=communs" in filtered  # the drawing asks for the same networks
    assert names(client.get("/reseaux/", {"theme": "nope", "region": "zz"}).content.decode()) == ["N4", "N3"]
