"""/api/v1/networks/graph/: JSON for the page, GEXF and GraphML read back by networkx."""

import io

import networkx
import pytest

from tests.factories import make_initiative, make_network

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
    with django_assert_num_queries(3):  # dataset version, the graph, the whole map's figures
        response = api.get(URL)
    assert response.status_code == 200
    graph = response.json()
    ids = {n["slug"]: n["id"] for n in graph["nodes"]}
    assert {n["slug"]: n["members"] for n in graph["nodes"]} == {"coop-group": 2, "anim-fr": 3, "tricky": 2}
    assert graph["shared"] == [[min(ids["anim-fr"], ids["tricky"]), max(ids["anim-fr"], ids["tricky"]), 2]]
    assert graph["membership"] == [[ids["anim-fr"], ids["coop-group"]]]
    assert graph["summary"] == {"networks": 3, "memberships": 7, "members": 5, "multi_members": 2,
                                "multi_membership_rate": 0.4}  # fmt: skip
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
