"""Network indicators on hand-built maps whose answers are known."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from initiatives import indicators
from initiatives.memberships import add_membership
from initiatives.models import Membership
from tests.factories import BREST, LILLE, make_initiative, make_legacy_membership, make_network, make_theme

LAVAL = (-0.7705, 48.0707)  # Mayenne: department 53, in region 52
RENNES = (-1.6778, 48.1173)  # Ille-et-Vilaine: department 35, in region 53 (Bretagne)


@pytest.fixture
def ten_members(db):
    """Alpha has 10 members, 3 of whom are also in Beta; Beta has 2 more of its own."""
    communs = make_theme(slug="communs", name_fr="Communs", name_en="Commons")
    alpha = make_network(slug="alpha", name="Alpha")
    beta = make_network(slug="beta", name="Beta")
    both = [make_initiative(networks=[alpha, beta], themes=[communs], department_code="29",
                            region_code="53") for _ in range(3)]  # fmt: skip
    alpha_only = [make_initiative(networks=[alpha], at=LILLE, department_code="59", region_code="32")
                  for _ in range(7)]  # fmt: skip
    beta_only = [make_initiative(networks=[beta]) for _ in range(2)]
    return {"alpha": alpha, "beta": beta, "both": both, "alpha_only": alpha_only, "beta_only": beta_only,
            "communs": communs}  # fmt: skip


def test_multi_membership_rate_is_the_share_of_members_in_another_network(ten_members):
    alpha = indicators.network_indicators(ten_members["alpha"])
    assert alpha["direct_count"] == 10
    assert alpha["multi_member_count"] == 3
    assert alpha["multi_membership_rate"] == 0.3
    assert indicators.network_indicators(ten_members["beta"])["multi_membership_rate"] == 0.6


def test_crossings_count_the_shared_members(ten_members):
    gamma = make_network(slug="gamma", name="Gamma")
    Membership.objects.create(member=ten_members["alpha_only"][0], network=gamma)
    crossings = indicators.network_indicators(ten_members["alpha"])["crossings"]
    assert crossings == [
        {"slug": "beta", "name": "Beta", "shared": 3},
        {"slug": "gamma", "name": "Gamma", "shared": 1},
    ]
    assert indicators.network_indicators(ten_members["alpha"])["multi_membership_rate"] == 0.4


def test_counts_by_territory_and_theme(ten_members):
    alpha = indicators.network_indicators(ten_members["alpha"])
    assert alpha["by_region"] == [
        {"code": "32", "count": 7, "name": "Hauts-de-France"},
        {"code": "53", "count": 3, "name": "Bretagne"},
    ]
    assert alpha["by_department"] == [
        {"code": "59", "count": 7, "name": "Nord"},
        {"code": "29", "count": 3, "name": "Finistère"},
    ]
    assert [(t["slug"], t["count"]) for t in alpha["by_theme"]] == [("communs", 3)]


def test_unpublished_initiatives_and_networks_do_not_count(ten_members):
    make_initiative(networks=[ten_members["alpha"]], status="pending")
    make_initiative(networks=[ten_members["alpha"]], status="archived")
    hidden = make_network(slug="hidden", status="pending")
    Membership.objects.create(member=ten_members["alpha_only"][0], network=hidden)
    alpha = indicators.network_indicators(ten_members["alpha"])
    assert alpha["direct_count"] == 10
    assert alpha["multi_membership_rate"] == 0.3
    assert [c["slug"] for c in alpha["crossings"]] == ["beta"]


def test_indicators_are_remembered_until_the_data_changes(ten_members, django_assert_num_queries):
    indicators.network_indicators(ten_members["alpha"])
    with django_assert_num_queries(1):  # the dataset version, nothing else
        indicators.network_indicators(ten_members["alpha"])
    make_initiative(networks=[ten_members["alpha"]])
    assert indicators.network_indicators(ten_members["alpha"])["direct_count"] == 11


@pytest.fixture
def chain(db):
    """Top ⊃ Middle ⊃ Bottom ⊃ leaf, and a direct member of Top."""
    top = make_network(slug="top", name="Top")
    middle = make_network(slug="middle", name="Middle", networks=[top])
    bottom = make_network(slug="bottom", name="Bottom", networks=[middle])
    leaf = make_initiative(slug="leaf", name="Leaf", networks=[bottom])
    direct = make_initiative(slug="direct", name="Direct", networks=[top])
    return {"top": top, "middle": middle, "bottom": bottom, "leaf": leaf, "direct": direct}


def test_a_transitive_chain_of_depth_three(chain):
    top = indicators.network_indicators(chain["top"])
    assert top["direct_count"] == 2
    assert top["transitive_count"] == 4  # middle, bottom, leaf, direct
    assert top["max_depth"] == 3
    assert top["member_networks"] == [{"slug": "middle", "name": "Middle", "member_count": 1}]
    assert indicators.network_indicators(chain["bottom"])["belongs_to"] == [{"slug": "middle", "name": "Middle"}]


def test_members_through_member_networks_carry_their_path(chain):
    collection = json.loads(indicators.member_features(chain["top"], transitive=True))
    via = {f["properties"]["slug"]: [n["slug"] for n in f["properties"]["via"]] for f in collection["features"]}
    assert via == {"direct": [], "middle": [], "bottom": ["middle"], "leaf": ["middle", "bottom"]}
    direct = json.loads(indicators.member_features(chain["top"]))
    assert [f["properties"]["slug"] for f in direct["features"]] == ["direct", "middle"]  # by name
    assert direct["numberReturned"] == 2 and direct["placed"] == 1


def test_the_listed_members_are_the_first_of_each_kind_with_their_path_and_the_totals(chain):
    listed = indicators.listed_members(chain["top"], limit=1)
    assert [m["slug"] for m in listed["direct"]] == ["direct"]  # by name: Direct before Middle
    assert listed["indirect"] == [{"slug": "bottom", "name": "Bottom", "commune": "",
                                   "via": [{"slug": "middle", "name": "Middle"}]}]  # nearest first
    assert (listed["direct_total"], listed["indirect_total"]) == (2, 2)
    everything = indicators.listed_members(chain["top"], limit=10)
    assert [[n["slug"] for n in m["via"]] for m in everything["indirect"]] == [["middle"], ["middle", "bottom"]]


def test_a_membership_cycle_is_refused_by_the_database(chain):
    with pytest.raises(IntegrityError, match="membership cycle"), transaction.atomic():
        Membership.objects.create(member=chain["top"], network=chain["bottom"])
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE initiatives_membership SET member_id = %s WHERE member_id = %s AND network_id = %s",
                       [chain["top"].pk, chain["leaf"].pk, chain["bottom"].pk])  # fmt: skip
    assert not Membership.objects.filter(member=chain["top"]).exists()


def test_a_membership_cycle_is_refused_in_french_with_nothing_written(chain):
    with pytest.raises(ValidationError) as refused:
        add_membership(member=chain["top"], network=chain["bottom"])
    message = refused.value.message_dict["networks"][0]
    assert "« Top » ne peut pas devenir membre de « Bottom »" in message
    assert "Top ⊃ Middle ⊃ Bottom" in message
    assert not Membership.objects.filter(member=chain["top"]).exists()
    with pytest.raises(ValidationError):  # the two-network cycle too
        add_membership(member=chain["middle"], network=chain["bottom"])


def test_joining_without_a_cycle_is_accepted(chain):
    other = make_network(slug="other", name="Other")
    add_membership(member=chain["top"], network=other)
    add_membership(member=chain["top"], network=other)  # idempotent
    assert indicators.network_indicators(other)["transitive_count"] == 5


def test_the_transitive_walk_survives_a_cycle_already_in_the_data(chain):
    """Data written before the trigger existed may hold a cycle: the walk must end."""
    make_legacy_membership(member=chain["top"], network=chain["bottom"])
    top = indicators.network_indicators(chain["top"])
    assert top["transitive_count"] == 4
    assert top["max_depth"] == 3


def test_the_whole_map(ten_members):
    make_initiative()  # in no network
    overview = indicators.map_indicators()
    assert overview == {"networks": 2, "memberships": 15, "members": 12, "multi_members": 3,
                        "multi_membership_rate": 0.25}  # fmt: skip


def test_the_network_graph(ten_members, chain):
    graph = json.loads(indicators.network_graph())
    ids = {n["slug"]: n["id"] for n in graph["nodes"]}
    members = {n["slug"]: n["members"] for n in graph["nodes"]}
    assert members == {"alpha": 10, "beta": 5, "top": 2, "middle": 1, "bottom": 1}
    assert graph["shared"] == [[ids["alpha"], ids["beta"], 3]]
    assert sorted(graph["membership"]) == sorted([[ids["middle"], ids["top"]], [ids["bottom"], ids["middle"]]])


@pytest.fixture
def bretagne_and_mayenne(db):
    coop = make_network(slug="coop", name="Coop")
    libre = make_network(slug="libre", name="Libre")
    communs = make_theme(slug="communs", name_fr="Communs", name_en="Commons")
    brest = [make_initiative(at=BREST, department_code="29", region_code="53", themes=[communs],
                             networks=nets, kind=kind)
             for nets, kind in [([coop, libre], "place"), ([coop], "place"), ([], "event")]]  # fmt: skip
    rennes = make_initiative(at=RENNES, department_code="35", region_code="53", networks=[libre])
    laval = make_initiative(at=LAVAL, department_code="53", region_code="52", networks=[coop])
    return {"coop": coop, "libre": libre, "brest": brest, "rennes": rennes, "laval": laval}


def test_region_53_is_bretagne_and_department_53_is_mayenne(bretagne_and_mayenne):
    bretagne = indicators.territory_indicators("region", "53")
    mayenne = indicators.territory_indicators("departement", "53")
    assert (bretagne["name"], bretagne["initiative_count"]) == ("Bretagne", 4)
    assert (mayenne["name"], mayenne["initiative_count"]) == ("Mayenne", 1)


def test_territory_indicators(bretagne_and_mayenne):
    finistere = indicators.territory_indicators("departement", "29")
    assert finistere["by_kind"] == {"place": 2, "event": 1}
    assert [(t["slug"], t["count"]) for t in finistere["by_theme"]] == [("communs", 3)]
    assert [(n["slug"], n["local_members"]) for n in finistere["networks"]] == [("coop", 2), ("libre", 1)]
    assert finistere["multi_membership_rate"] == 0.5  # of the two in a network, one is in both
    linking = {n["slug"]: n["elsewhere"] for n in finistere["linking_networks"]}
    assert linking == {
        "coop": [{"code": "53", "count": 1, "name": "Mayenne"}],
        "libre": [{"code": "35", "count": 1, "name": "Ille-et-Vilaine"}],
    }
    assert [n["territory_count"] for n in finistere["linking_networks"]] == [1, 1]
    bretagne = indicators.territory_indicators("region", "53")
    assert [n["slug"] for n in bretagne["linking_networks"]] == ["coop"]  # Libre stays in Bretagne


def test_a_linking_network_lists_its_five_main_territories(db):
    national = make_network(slug="national", name="National")
    make_initiative(at=BREST, department_code="29", region_code="53", networks=[national])
    for k, code in enumerate(["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"]):
        for _ in range(1 + (k == 11)):
            make_initiative(department_code=code, region_code="84", networks=[national])
    linking = indicators.territory_indicators("departement", "29")["linking_networks"][0]
    assert linking["territory_count"] == 12
    assert [row["code"] for row in linking["elsewhere"]] == ["12", "01", "02", "03", "04"]


def test_a_territory_names_its_most_widespread_linking_networks_and_counts_them_all(db, settings):
    networks = [make_network(slug=f"reseau-{k:02}", name=f"Réseau {k:02}") for k in range(indicators.LINKING + 2)]
    for k, network in enumerate(networks):  # Réseau k is present in 29 and in k + 1 other departments
        make_initiative(at=BREST, department_code="29", region_code="53", networks=[network])
        for code in ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15",
                     "16", "17", "18", "19", "21", "22", "23", "24"][: k + 1]:
            make_initiative(department_code=code, region_code="84", networks=[network])
    finistere = indicators.territory_indicators("departement", "29")
    assert finistere["linking_network_count"] == indicators.LINKING + 2
    assert [n["slug"] for n in finistere["linking_networks"]] == [f"reseau-{k:02}" for k in range(indicators.LINKING + 1, 1, -1)]


def test_an_unknown_territory_is_refused(db):
    for kind, code in [("region", "29"), ("departement", "00"), ("commune", "29")]:
        with pytest.raises(indicators.UnknownTerritory):
            indicators.territory_indicators(kind, code)


def test_the_territory_list_names_each_kind(bretagne_and_mayenne):
    rows = {(t["kind"], t["code"]): t for t in indicators.territory_list()}
    assert len(rows) == 18 + 101
    assert rows[("region", "53")]["name"] == "Bretagne"
    assert rows[("departement", "53")] == {
        "kind": "departement", "code": "53", "name": "Mayenne", "initiative_count": 1, "network_count": 1,
        "seat": {"insee": "53130", "name": "Laval", "lon": rows[("departement", "53")]["seat"]["lon"],
                 "lat": rows[("departement", "53")]["seat"]["lat"]},
    }  # fmt: skip
    assert rows[("region", "53")]["initiative_count"] == 4
    assert rows[("region", "53")]["network_count"] == 2  # Coop and Libre have members in Bretagne
    assert rows[("region", "53")]["seat"]["name"] == "Rennes"
    seat = rows[("departement", "29")]["seat"]
    assert seat["name"] == "Quimper" and abs(seat["lon"] - -4.10) < 0.05 and abs(seat["lat"] - 48.0) < 0.05


def test_a_proposed_change_closing_a_cycle_is_refused_in_french(chain):
    from initiatives import services
    from tests.factories import edited, make_user

    with pytest.raises(ValidationError) as refused:
        services.propose_change(initiative=chain["top"], data=edited(chain["top"], networks=["bottom"]),
                                base_version=chain["top"].version, author=make_user("moderatrice", role="moderator"))  # fmt: skip
    assert "ne peut pas devenir membre de « Bottom »" in refused.value.message_dict["networks"][0]
    assert not Membership.objects.filter(member=chain["top"]).exists()


def test_the_sample_data_records_the_memberships_the_seeds_state(sample_data):
    pairs = set(Membership.objects.values_list("member__slug", "network__slug"))
    assert pairs == {("anim-fr", "coop-group"), ("cyou1", "cyou")}
    from initiatives.models import Initiative

    coop_group = indicators.network_indicators(Initiative.objects.get(slug="coop-group"))
    assert (coop_group["direct_count"], coop_group["member_networks"][0]["slug"]) == (1, "anim-fr")
