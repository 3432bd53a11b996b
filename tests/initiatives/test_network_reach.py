"""The sums kept by initiatives/sql/network_reach.sql: a network's public members per
territory, the members two networks share, each initiative's public memberships and their
spread, right after every kind of write."""

import pytest
from django.db import connection

from initiatives.models import Initiative, MemberReach, Membership, MembershipSpread, NetworkPair, NetworkReach
from tests.factories import make_initiative, make_network

pytestmark = pytest.mark.django_db


def sums():
    reach = {(r.network_id, r.kind, r.code): r.members for r in NetworkReach.objects.all()}
    pairs = {(p.network_a, p.network_b): p.members for p in NetworkPair.objects.all()}
    members = dict(MemberReach.objects.values_list("member_id", "networks"))
    spread = dict(MembershipSpread.objects.values_list("networks", "members"))
    return reach, pairs, members, spread


def recounted():
    with connection.cursor() as cursor:
        cursor.execute("SELECT network_reach_rebuild(), member_reach_rebuild()")
    return sums()


@pytest.fixture
def two_networks():
    alpha, beta = make_network(slug="alpha"), make_network(slug="beta", at=(-4.0, 48.0))
    both = [make_initiative(networks=[alpha, beta], region_code="53", department_code="29") for _ in range(3)]
    alpha_only = [make_initiative(networks=[alpha], region_code="32", department_code="59") for _ in range(7)]
    return alpha, beta, both, alpha_only


def test_the_sums_are_the_public_members_by_territory_and_the_shared_ones(two_networks):
    alpha, beta, both, alpha_only = two_networks
    make_initiative(networks=[alpha], status=Initiative.Status.PENDING, region_code="53", department_code="29")
    reach, pairs, members, spread = sums()
    assert {key[1:]: n for key, n in reach.items() if key[0] == alpha.pk} == {
        ("all", ""): 10, ("region", "53"): 3, ("departement", "29"): 3, ("region", "32"): 7, ("departement", "59"): 7,
    }  # fmt: skip
    assert {key[1:]: n for key, n in reach.items() if key[0] == beta.pk} == {
        ("all", ""): 3, ("region", "53"): 3, ("departement", "29"): 3,
    }  # fmt: skip
    assert pairs == {(min(alpha.pk, beta.pk), max(alpha.pk, beta.pk)): 3}
    assert members == {**{i.pk: 2 for i in both}, **{i.pk: 1 for i in alpha_only}}
    assert spread == {2: 3, 1: 7}


def _unpublish(initiative, status=Initiative.Status.PENDING):
    Initiative.objects.filter(pk=initiative.pk).update(status=status)


WRITES = {
    "a membership added": lambda a, b, both, only: Membership.objects.create(member=only[0], network=b),
    "a membership removed": lambda a, b, both, only: Membership.objects.filter(member=both[0], network=a).delete(),
    "a membership moved to another network": lambda a, b, both, only: Membership.objects.filter(
        member=only[1], network=a).update(network=b),
    "a member unpublished": lambda a, b, both, only: _unpublish(both[1]),
    "a member archived": lambda a, b, both, only: _unpublish(both[1], Initiative.Status.ARCHIVED),
    "a member moved to another department": lambda a, b, both, only: Initiative.objects.filter(
        pk=both[2].pk).update(region_code="52", department_code="53"),
    "a member without a territory": lambda a, b, both, only: Initiative.objects.filter(
        pk=only[2].pk).update(region_code="", department_code=""),
    "a network unpublished": lambda a, b, both, only: _unpublish(b),
    "a network published": lambda a, b, both, only: _unpublish(a, Initiative.Status.PUBLISHED),
    "a member published": lambda a, b, both, only: _unpublish(both[1], Initiative.Status.PUBLISHED),
    "a network that stops being a network": lambda a, b, both, only: Initiative.objects.filter(
        pk=b.pk).update(kind=Initiative.Kind.COLLECTIVE),
    "a member deleted": lambda a, b, both, only: both[0].delete(),
    "a network deleted": lambda a, b, both, only: b.delete(),
    "a network and one of its members published in one statement": lambda a, b, both, only: (
        Initiative.objects.filter(pk__in=[a.pk, both[1].pk]).update(status=Initiative.Status.PUBLISHED)),
    "several memberships of one member added in one statement": lambda a, b, both, only: (
        Membership.objects.bulk_create([Membership(member=only[3], network=b),
                                        Membership(member=only[3], network=Initiative.objects.get(slug="gamma"))])),
}

# Written from a state where they change something: alpha and both[1] unpublished first.
STARTS_UNPUBLISHED = {"a network published", "a member published",
                      "a network and one of its members published in one statement"}


@pytest.mark.parametrize("write", WRITES)
def test_every_write_leaves_the_sums_a_recount_gives(two_networks, write):
    alpha, beta, both, alpha_only = two_networks
    # A network member of another: its own status moves both kinds of rows.
    gamma = make_network(slug="gamma", networks=[alpha], region_code="53", department_code="29")
    Membership.objects.create(member=both[0], network=gamma)
    if write in STARTS_UNPUBLISHED:
        _unpublish(alpha), _unpublish(both[1])
        assert sums() == recounted()
    before = sums()
    WRITES[write](alpha, beta, both, alpha_only)
    after = sums()
    assert after != before, "the write changed no sum: it tests nothing"
    assert after == recounted()
    assert all(n > 0 for sums_of_a_kind in after for n in sums_of_a_kind.values())


def test_a_network_in_another_network_counts_in_both_roles(two_networks):
    alpha, beta, both, alpha_only = two_networks
    gamma = make_network(slug="gamma", networks=[alpha], region_code="53", department_code="29")
    Membership.objects.create(member=both[0], network=gamma)
    _unpublish(gamma)
    reach, pairs, members, spread = sums()
    assert reach[(alpha.pk, "all", "")] == 10  # gamma no longer counts as alpha's member
    assert not any(key[0] == gamma.pk for key in reach) and not any(gamma.pk in key for key in pairs)
    assert sums() == recounted()
