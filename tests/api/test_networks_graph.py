"""/api/v1/networks/graph/: JSON for the page, GEXF and GraphML read back by networkx."""

import io
import itertools

import networkx
import pytest

from initiatives import indicators
from initiatives.models import Initiative, Membership
from tests.factories import make_initiative, make_network, make_theme

pytestmark = pytest.mark.django_db
URL = "/api/v1/networks/graph/"


@pytest.fixture
def crossing_networks(little_map):
    """Anim-fr (in Coop Group) and a network whose name needs escaping share two members."""
    tricky = make_network(slug="tricky", name='<Réseau> "A&B" \x07sonné')
    for _ in range(2):
        make_initiative(networks=[little_map["anim_fr"], tricky])
    return {**little_map, "tricky": tricky}


def test_the_graph_as_json(api, crossing_networks, django_assert_num_queries):
    with django_assert_num_queries(2):  # dataset version, the graph with the whole map's figures
        response = api.get(URL)
    assert response.status_code == 200
    graph = response.json()
    ids = {n["slug"]: n["id"] for n in graph["nodes"]}
    assert {n["slug"]: n["members"] for n in graph["nodes"]} == {"coop-group": 2, "anim-fr": 3, "tricky": 2}
    assert graph["shared"] == [[min(ids["anim-fr"], ids["tricky"]), max(ids["anim-fr"], ids["tricky"]), 2]]
    assert graph["membership"] == [[ids["anim-fr"], ids["coop-group"]]]
    assert graph["summary"] == {"networks": 3, "memberships": 7, "members": 5, "multi_members": 2,
                                "multi_membership_rate": 0.4}  # fmt: skip
    assert graph["total"] == {"nodes": 3, "shared": 1, "membership": 1}
    with django_assert_num_queries(1):  # remembered for this dataset version
        api.get(URL, {"format": "json"})


@pytest.mark.parametrize("fmt, read", [("gexf", networkx.read_gexf), ("graphml", networkx.read_graphml)])
def test_gephi_formats_are_read_by_networkx(api, crossing_networks, fmt, read):
    response = api.get(URL, {"format": fmt})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(f"application/{fmt}+xml")
    assert f'filename="reseaux.{fmt}"' in response["Content-Disposition"]
    graph = read(io.BytesIO(response.content))
    labels = {data["label"]: node for node, data in graph.nodes(data=True)}
    assert set(labels) == {"Coop Group", "Anim-fr", '<Réseau> "A&B" sonné'}  # escaped, bell dropped
    anim_fr, tricky, coop = labels["Anim-fr"], labels['<Réseau> "A&B" sonné'], labels["Coop Group"]
    assert graph.nodes[anim_fr]["members"] == 3
    edges = {(a, b): data for a, b, data in graph.edges(data=True)}
    shared = edges.get((anim_fr, tricky)) or edges[(tricky, anim_fr)]
    assert (shared["kind"], float(shared["weight"])) == ("shared", 2.0)
    assert edges[(anim_fr, coop)]["kind"] == "membership"
    assert b"<R\xc3\xa9seau>" not in response.content  # the name is text, never markup


def test_an_unknown_format_is_a_400_naming_it(api, little_map):
    response = api.get(URL, {"format": "dot"})
    assert response.status_code == 400
    assert list(response.json()) == ["format"]


def test_an_empty_map_has_an_empty_graph(api, db):
    graph = api.get(URL).json()
    assert (graph["nodes"], graph["shared"], graph["membership"]) == ([], [], [])
    assert graph["summary"]["multi_membership_rate"] is None
    assert networkx.read_gexf(io.BytesIO(api.get(URL, {"format": "gexf"}).content)).number_of_nodes() == 0


@pytest.fixture
def many_networks(db):
    """Six networks N1…N6 (N6 the biggest), members shared along a chain, N5 in N6."""
    networks = [make_network(slug=f"n{k}", name=f"N{k}") for k in range(1, 7)]
    for k, network in enumerate(networks):
        for _ in range(k + 1):
            make_initiative(networks=[network])
    for a, b, shared in [(0, 1, 1), (3, 5, 2), (4, 5, 3), (2, 4, 4)]:
        for _ in range(shared):
            make_initiative(networks=[networks[a], networks[b]])
    Membership.objects.create(member=networks[4], network=networks[5])
    return networks


def test_the_default_graph_is_the_drawn_part_and_full_is_everything(api, many_networks, monkeypatch):
    monkeypatch.setattr(indicators, "DRAWN_NODES", 3)
    monkeypatch.setattr(indicators, "DRAWN_LINKS", 2)
    part = api.get(URL).json()
    slugs = {n["id"]: n["slug"] for n in part["nodes"]}
    assert list(slugs.values()) == ["n5", "n6", "n3"]  # the most members (memberships count too)
    assert [(slugs[m], slugs[n]) for m, n in part["membership"]] == [("n5", "n6")]
    assert [sorted([slugs[a], slugs[b]]) + [w] for a, b, w in part["shared"]] == [["n3", "n5", 4]]  # 2 edges in all
    assert part["total"] == {"nodes": 6, "shared": 4, "membership": 1}
    full = api.get(URL, {"full": "true"}).json()
    assert (len(full["nodes"]), len(full["shared"]), len(full["membership"])) == (6, 4, 1)
    gexf = networkx.read_gexf(io.BytesIO(api.get(URL, {"format": "gexf"}).content))
    assert gexf.number_of_nodes() == 6  # files for Gephi are whole by default


def test_the_graph_filters_by_theme_and_region(api, many_networks):
    communs = make_theme(slug="communs", name_fr="Communs")
    many_networks[0].themes.add(communs)
    Initiative.objects.filter(pk=many_networks[1].pk).update(region_code="53")
    assert [n["slug"] for n in api.get(URL, {"theme": "communs"}).json()["nodes"]] == ["n1"]
    assert [n["slug"] for n in api.get(URL, {"region": "53"}).json()["nodes"]] == ["n2"]
    assert api.get(URL, {"theme": "nope"}).json()["nodes"] == []
    for name, value in [("region", "99"), ("region", ""), ("full", "maybe")]:
        response = api.get(URL, {name: value})
        assert response.status_code == 400 and list(response.json()) == [name]


def test_the_full_graph_equals_a_networkx_recount_after_writes(api, many_networks):
    n1, n2, n3, n4, n5, n6 = many_networks
    api.get(URL, {"full": "true"})  # remembered for this version, then the writes
    Membership.objects.filter(network=n4).delete()
    Initiative.objects.filter(pk=n2.pk).update(status=Initiative.Status.PENDING)
    member = make_initiative(networks=[n1, n3, n6])
    Initiative.objects.filter(pk=member.pk).update(region_code="84")
    graph = api.get(URL, {"full": "true"}).json()

    expected = networkx.Graph()
    public = Membership.objects.filter(network__status="published", network__kind="network", member__status="published")
    by_member = {}
    for member_id, network_id in public.values_list("member_id", "network_id"):
        by_member.setdefault(member_id, []).append(network_id)
    for networks in by_member.values():
        for a, b in itertools.combinations(sorted(networks), 2):
            weight = expected.get_edge_data(a, b, {"weight": 0})["weight"]
            expected.add_edge(a, b, weight=weight + 1)
    drawn = networkx.Graph()
    drawn.add_weighted_edges_from(graph["shared"])
    assert networkx.utils.edges_equal(sorted(drawn.edges(data="weight")), sorted(expected.edges(data="weight")))
    assert {n["id"]: n["members"] for n in graph["nodes"]} == {
        n.pk: sum(n.pk in nets for nets in by_member.values()) for n in (n1, n3, n4, n5, n6)}
    multi = sum(len(nets) >= 2 for nets in by_member.values())
    assert graph["summary"]["members"] == len(by_member) and graph["summary"]["multi_members"] == multi
    assert graph["summary"]["memberships"] == sum(len(nets) for nets in by_member.values())


def test_a_repeat_request_is_a_304_until_a_write(api, many_networks):
    etag = api.get(URL)["ETag"]
    assert api.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304
    make_initiative(networks=[many_networks[0]])
    response = api.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag
