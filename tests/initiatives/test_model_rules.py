"""The hard rules hold in the database itself, and model validation explains them in French."""

import pytest
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from initiatives.models import Initiative, Link, Membership
from tests.factories import make_initiative, make_network

pytestmark = pytest.mark.django_db


def raw_update(sql, params):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_it_rejects_coordinates_out_of_range_in_the_database():
    initiative = make_initiative()
    with pytest.raises(IntegrityError, match="initiative_location_in_range"):
        raw_update(
            "UPDATE initiatives_initiative SET location = ST_SetSRID(ST_MakePoint(200, 48), 4326) WHERE id = %s",
            [initiative.pk],
        )
    initiative.refresh_from_db()
    assert initiative.location.x == pytest.approx(-4.4861)


def test_validation_explains_out_of_range_coordinates():
    initiative = Initiative(name="X", slug="x", kind="place", scope="local", location=Point(10, 95, srid=4326))
    with pytest.raises(ValidationError) as exc:
        initiative.full_clean()
    assert "latitude entre -90 et 90" in str(exc.value.message_dict["location"])


@pytest.mark.parametrize("field,value,constraint", [
    ("kind", "spaceship", "initiative_kind_valid"),
    ("scope", "galactic", "initiative_scope_valid"),
    ("status", "whatever", "initiative_status_valid"),
    ("website", "javascript:alert(1)", "initiative_website_http"),
    ("slug", "Not A Slug", "initiative_slug_format"),
])  # fmt: skip
def test_the_database_refuses_invalid_values(field, value, constraint):
    initiative = make_initiative()
    with pytest.raises(IntegrityError, match=constraint):
        raw_update(f"UPDATE initiatives_initiative SET {field} = %s WHERE id = %s", [value, initiative.pk])


def test_validation_rejects_an_unknown_kind_and_a_non_http_website():
    initiative = Initiative(name="X", slug="x", kind="spaceship", scope="local",
                            website="ftp://example.org", location=Point(2, 48, srid=4326))  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        initiative.full_clean()
    assert {"kind", "website"} <= set(exc.value.message_dict)


def test_a_link_must_be_http_or_https():
    initiative = make_initiative()
    with pytest.raises(ValidationError):
        Link(initiative=initiative, label="x", url="javascript:alert(1)").full_clean()
    with pytest.raises(IntegrityError, match="link_url_http"), transaction.atomic():
        Link.objects.create(initiative=initiative, label="x", url="javascript:alert(1)")
    assert initiative.links.count() == 0


def test_slugs_are_unique():
    make_initiative(slug="maison-du-libre")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_initiative(slug="maison-du-libre")
    assert Initiative.objects.filter(slug="maison-du-libre").count() == 1


def test_a_network_cannot_be_a_member_of_itself():
    network = make_network()
    with pytest.raises(ValidationError, match="membre d’elle-même"):
        Membership(member=network, network=network).full_clean()
    with pytest.raises(IntegrityError, match="membership_not_self"), transaction.atomic():
        Membership.objects.create(member=network, network=network)
    assert not Membership.objects.exists()


def test_only_a_network_can_have_members():
    place = make_initiative(kind="place")
    other = make_initiative()
    with pytest.raises(ValidationError):
        Membership(member=other, network=place).full_clean()
    with pytest.raises(IntegrityError, match="not a network"), transaction.atomic():
        Membership.objects.create(member=other, network=place)
    assert not Membership.objects.exists()


def test_only_a_network_may_have_no_location():
    assert make_network(at=None).location is None
    with pytest.raises(IntegrityError, match="initiative_located_unless_network"), transaction.atomic():
        make_initiative(at=None)
    with pytest.raises(ValidationError, match="seul un réseau"):
        Initiative(name="X", slug="x", kind="place", scope="local").full_clean()


def test_an_initiative_belongs_to_several_networks_and_networks_to_networks():
    coop_group = make_network(slug="coop-group")
    anim_fr = make_network(slug="anim-fr", networks=[coop_group])
    outils = make_network(slug="outils-reseaux")
    member = make_initiative(networks=[anim_fr, outils])
    assert set(member.networks.values_list("slug", flat=True)) == {"anim-fr", "outils-reseaux"}
    assert list(coop_group.members.values_list("slug", flat=True)) == ["anim-fr"]


@pytest.mark.parametrize(("department", "region", "field"), [
    ("99", "", "department_code"),
    ("29", "11", "region_code"),
    ("", "99", "region_code"),
])  # fmt: skip
def test_a_territory_must_exist_and_hold_together_whatever_the_door(department, region, field):
    """One rule for the model's validation (API, importer, admin) and the form."""
    from frontend.forms import ContributionForm

    candidate = make_initiative(department_code="", region_code="")
    candidate.department_code, candidate.region_code = department, region
    with pytest.raises(ValidationError) as refused:
        candidate.full_clean()
    assert list(refused.value.message_dict) == [field]
    form = ContributionForm({"name": "X", "kind": "place", "scope": "local", "lon": "2", "lat": "47",
                             "department_code": department, "region_code": region})  # fmt: skip
    assert not form.is_valid() and field in form.errors


def test_a_coherent_territory_and_an_overseas_department_pass():
    for department, region in (("29", "53"), ("2A", "94"), ("971", "01"), ("29", ""), ("", "53")):
        make_initiative(department_code=department, region_code=region).full_clean()
