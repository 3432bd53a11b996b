"""Merging two initiatives (initiatives.merging): fields chosen side by side, themes, networks,
links and members united under the membership rules, both histories kept, the merged-away one
archived with a pointer to the survivor — all or nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from initiatives import merging, services
from initiatives.models import Initiative, Membership, NetworkAnimator, Revision
from tests.factories import LILLE, make_initiative, make_network, make_theme, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    return make_user("camille", role="moderator")


def merge(survivor, merged, moderator, **choices):
    return merging.merge_initiatives(survivor=survivor, merged=merged, choices=choices, moderator=moderator,
                                     survivor_version=survivor.version, merged_version=merged.version)  # fmt: skip


def state(initiative):
    initiative.refresh_from_db()
    return initiative


def test_fields_are_chosen_and_themes_networks_and_links_united(moderator):
    libre, tiers, other = make_theme(slug="libre"), make_theme(slug="tiers"), make_theme(slug="autre")
    north, west = make_network(slug="north"), make_network(slug="west")
    keep = make_initiative(slug="keep", name="Maison du libre", summary="Ancien résumé", themes=[libre], networks=[west],
                           links=[("Site", "https://libre.example.org/"), ("Wiki", "https://wiki.example.org/")])  # fmt: skip
    gone = make_initiative(slug="gone", name="La Maison du Libre", summary="Nouveau résumé", at=LILLE,
                           location_precision="exact", commune="Lille", themes=[tiers, other], networks=[north],
                           links=[("Wiki", "https://wiki.example.org/"), ("Agenda", "https://agenda.example.org/")])  # fmt: skip

    merge(keep, gone, moderator, summary=merging.MERGED, location=merging.MERGED, commune=merging.MERGED)

    keep = Initiative.objects.get(slug="keep")
    assert (keep.name, keep.summary, keep.commune) == ("Maison du libre", "Nouveau résumé", "Lille")
    assert (round(keep.location.x, 4), keep.location_precision) == (LILLE[0], "exact")
    assert sorted(keep.themes.values_list("slug", flat=True)) == ["autre", "libre", "tiers"]
    assert sorted(keep.networks.values_list("slug", flat=True)) == ["north", "west"]
    assert [link.url for link in keep.links.all()] == [
        "https://libre.example.org/", "https://wiki.example.org/", "https://agenda.example.org/"]
    gone = state(gone)
    assert (gone.status, gone.merged_into_id) == ("archived", keep.pk)


def test_both_histories_are_kept(moderator):
    keep, gone = make_initiative(slug="keep"), make_initiative(slug="gone")
    services.record_import(gone, created=True)  # its history before the merge
    pending = Revision.objects.create(initiative=gone, kind=Revision.Kind.EDIT, status=Revision.Status.PENDING,
                                      snapshot={}, base_version=1)  # fmt: skip

    merge(keep, gone, moderator)

    survivor_revision = keep.revisions.get()
    assert (survivor_revision.kind, survivor_revision.version, survivor_revision.decided_by) == ("merge", 2, moderator)
    assert "Fusion avec « " in survivor_revision.summary and "(gone)" in survivor_revision.summary
    kinds = list(Revision.objects.filter(initiative=gone).order_by("id").values_list("kind", "status"))
    assert kinds == [("import", "accepted"), ("edit", "rejected"), ("merge", "accepted")]
    pending.refresh_from_db()
    assert "Fusionnée dans" in pending.reason  # the pending correction is closed, with where to go


def test_the_members_and_animators_of_a_merged_network_move_to_the_survivor(moderator):
    keep, gone = make_network(slug="keep"), make_network(slug="gone")
    member, both = make_initiative(slug="member", networks=[gone]), make_initiative(slug="both", networks=[keep, gone])
    animator = make_user("alix", role="animator", network=gone)

    merge(keep, gone, moderator)

    assert sorted(keep.members.values_list("slug", flat=True)) == ["both", "member"]
    assert not Membership.objects.filter(network=gone).exists()
    assert NetworkAnimator.objects.filter(user=animator, network=keep).exists()
    assert member.networks.get() == keep and both.networks.get() == keep


def test_a_membership_cycle_is_refused_and_nothing_is_written(moderator):
    # keep ∋ inner; gone ∈ inner: keep would join inner, which belongs to keep.
    keep, gone, inner = make_network(slug="keep"), make_network(slug="gone"), make_network(slug="inner")
    Membership.objects.create(member=inner, network=keep)
    Membership.objects.create(member=gone, network=inner)

    with pytest.raises(ValidationError) as refused:
        merge(keep, gone, moderator)

    assert "ne peut pas devenir membre" in " ".join(refused.value.messages)
    assert state(gone).status == "published" and state(gone).merged_into_id is None
    assert Membership.objects.filter(member=gone, network=inner).exists()
    assert (state(keep).version, Revision.objects.count()) == (1, 0)


def test_a_network_with_members_cannot_become_a_place(moderator):
    keep, gone = make_initiative(slug="keep"), make_network(slug="gone")
    make_initiative(slug="member", networks=[gone])

    with pytest.raises(ValidationError):
        merge(keep, gone, moderator)

    merge(keep, gone, moderator, kind=merging.MERGED, location=merging.MERGED)
    assert list(state(keep).members.values_list("slug", flat=True)) == ["member"]


def test_earlier_merges_point_to_the_new_survivor(moderator):
    first, second, third = make_initiative(slug="first"), make_initiative(slug="second"), make_initiative(slug="third")
    merge(second, first, moderator)

    merge(third, state(second), moderator)

    assert state(first).merged_into_id == third.pk
    assert merging.survivor_of(Initiative.objects.filter(slug="first")) == third


def test_it_refuses_a_stale_version_an_archived_one_itself_and_non_moderators(moderator):
    keep, gone = make_initiative(slug="keep"), make_initiative(slug="gone")
    with pytest.raises(services.Conflict):
        merging.merge_initiatives(survivor=keep, merged=gone, choices={}, moderator=moderator,
                                  survivor_version=keep.version, merged_version=gone.version + 1)  # fmt: skip
    with pytest.raises(ValidationError):
        merge(keep, keep, moderator)
    with pytest.raises(PermissionDenied):
        merge(keep, gone, make_user("dominique", role="trusted"))
    archived = make_initiative(slug="archived", status=Initiative.Status.ARCHIVED)
    with pytest.raises(ValidationError):
        merge(keep, archived, moderator)
    with pytest.raises(ValidationError):
        merge(keep, gone, moderator, name="both")
    assert (state(keep).version, state(gone).status, Revision.objects.count()) == (1, "published", 0)


def test_a_merged_away_one_cannot_be_restored(moderator):
    keep, gone = make_initiative(slug="keep"), make_initiative(slug="gone")
    merge(keep, gone, moderator)

    with pytest.raises(ValidationError):
        services.set_archived(initiative=gone, moderator=moderator, archived=False, base_version=state(gone).version)
