"""The admin: initiatives with a map widget served from our origin, search and filters."""

import pytest

from initiatives.models import Initiative

pytestmark = pytest.mark.django_db


def test_the_changelist_searches_and_filters(admin_client, sample_data):
    response = admin_client.get("/admin/initiatives/initiative/", {"q": "libre"})
    assert response.status_code == 200
    assert "Maison du libre" in response.content.decode()
    by_network = admin_client.get("/admin/initiatives/initiative/", {"network": "coop-group"})
    assert "Anim-fr" in by_network.content.decode()
    for parameter in ("kind__exact=network", "status__exact=published", "themes__id__exact=1"):
        assert admin_client.get(f"/admin/initiatives/initiative/?{parameter}").status_code == 200


def test_the_change_form_has_a_self_hosted_map_widget(admin_client, sample_data):
    maison = Initiative.objects.get(slug="maison-du-libre")
    html = admin_client.get(f"/admin/initiatives/initiative/{maison.pk}/change/").content.decode()
    assert "/static/vendor/ol/ol.js" in html
    assert "cdn.jsdelivr.net" not in html


def test_an_admin_edit_increments_the_version(admin_client, sample_data):
    maison = Initiative.objects.get(slug="maison-du-libre")
    page = admin_client.get(f"/admin/initiatives/initiative/{maison.pk}/change/")
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        name="Maison du libre (Brest)", themes=[t.pk for t in maison.themes.all()],
        location=maison.location.json,
        **{"memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0,
           "links-TOTAL_FORMS": 0, "links-INITIAL_FORMS": 0},
    )  # fmt: skip
    response = admin_client.post(f"/admin/initiatives/initiative/{maison.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    maison.refresh_from_db()
    assert (maison.name, maison.version) == ("Maison du libre (Brest)", 2)
