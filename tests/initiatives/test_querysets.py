import pytest

from initiatives.models import Initiative
from tests.factories import BREST, LILLE, LYON, make_initiative, make_legacy_membership, make_network

pytestmark = pytest.mark.django_db


def slugs(queryset):
    return sorted(queryset.values_list("slug", flat=True))


def test_published_hides_pending_and_archived():
    make_initiative(slug="visible")
    make_initiative(slug="pending", status="pending")
    make_initiative(slug="archived", status="archived")
    assert slugs(Initiative.objects.published()) == ["visible"]


def test_networks_are_the_initiatives_of_kind_network():
    make_network(slug="coop-group")
    make_initiative(slug="fablab", kind="place")
    assert slugs(Initiative.objects.networks()) == ["coop-group"]


def test_members_of_direct_and_transitive_even_with_a_cycle():
    coop_group = make_network(slug="coop-group")
    anim_fr = make_network(slug="anim-fr", networks=[coop_group])
    make_initiative(slug="animateur", networks=[anim_fr])
    make_legacy_membership(member=coop_group, network=anim_fr)  # a cycle, as older data may hold
    assert slugs(Initiative.objects.members_of(coop_group)) == ["anim-fr"]
    assert slugs(Initiative.objects.members_of(coop_group, transitive=True)) == ["anim-fr", "animateur"]


@pytest.mark.parametrize("status", ["pending", "archived"])
def test_an_unpublished_network_has_no_members_to_filter_by(status):
    hidden = make_network(slug="hidden", status=status)
    make_initiative(slug="member", networks=[hidden])
    assert slugs(Initiative.objects.members_of(hidden)) == []
    assert slugs(Initiative.objects.members_of_slugs(["hidden"], transitive=True)) == []


@pytest.mark.parametrize("status", ["pending", "archived"])
def test_the_transitive_walk_does_not_go_through_an_unpublished_network(status):
    coop_group = make_network(slug="coop-group")
    hidden = make_network(slug="hidden", status=status, networks=[coop_group])
    make_initiative(slug="behind-hidden", networks=[hidden])
    anim_fr = make_network(slug="anim-fr", networks=[coop_group])
    make_initiative(slug="animateur", networks=[anim_fr])
    assert slugs(Initiative.objects.members_of_slugs(["coop-group"], transitive=True)) == [
        "anim-fr", "animateur", "hidden",
    ]  # fmt: skip


def test_in_bbox_keeps_what_lies_inside():
    make_initiative(slug="brest", at=BREST)
    make_initiative(slug="lille", at=LILLE)
    make_network(slug="online")  # no location: never in a bbox
    assert slugs(Initiative.objects.in_bbox(-5.0, 48.0, -4.0, 49.0)) == ["brest"]


def test_near_measures_true_metres():
    make_initiative(slug="lyon", at=LYON)
    make_initiative(slug="villeurbanne", at=(4.8800, 45.7667))  # ~3.4 km east of Lyon's centre
    assert slugs(Initiative.objects.near(*LYON, 1000)) == ["lyon"]
    assert slugs(Initiative.objects.near(*LYON, 5000)) == ["lyon", "villeurbanne"]


@pytest.mark.parametrize("query", ["cooperation", "COOPÉRATION", "coopératives", "cooperatoin"])
def test_search_ignores_accents_and_case_and_forgives_typos(query):
    make_initiative(slug="coop", name="Réseau de la coopération ouverte")
    make_initiative(slug="other", name="Atelier vélo", summary="Réparer ensemble")
    assert slugs(Initiative.objects.search(query)) == ["coop"]


def test_search_reads_the_summary_in_french():
    make_initiative(slug="libre", name="Maison du libre", summary="Des logiciels libres pour tous")
    make_initiative(slug="velo", name="Atelier vélo", summary="Réparer ensemble")
    assert slugs(Initiative.objects.search("logiciel")) == ["libre"]
