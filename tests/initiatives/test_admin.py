"""The admin: initiatives with a map widget served from our origin, search and filters."""

import pytest

from django.contrib.auth.models import User

from initiatives import services, snapshots
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


def admin_edit(admin_client, initiative, **changes):
    """Open the change form (as a person would), then post it with `changes`."""
    url = f"/admin/initiatives/initiative/{initiative.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        themes=[t.pk for t in initiative.themes.all()], location=initiative.location.json,
        **{"memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0,
           "links-TOTAL_FORMS": 0, "links-INITIAL_FORMS": 0},
    )  # fmt: skip
    data.update(changes)
    return admin_client.post(url, data)


def test_an_admin_edit_increments_the_version(admin_client, sample_data):
    maison = Initiative.objects.get(slug="maison-du-libre")
    response = admin_edit(admin_client, maison, name="Maison du libre (Brest)")
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    maison.refresh_from_db()
    assert (maison.name, maison.version) == ("Maison du libre (Brest)", 2)


def test_an_admin_edit_opened_before_another_change_is_refused(admin_client, sample_data):
    maison = Initiative.objects.get(slug="maison-du-libre")
    services.propose_change(
        initiative=maison, data={**snapshots.take(maison), "summary": "Changé entre-temps."},
        base_version=maison.version, author=User.objects.create_user("moderatrice", is_staff=True),
    )  # fmt: skip
    response = admin_edit(admin_client, maison, name="Maison du libre (Brest)", base_version=1)
    assert response.status_code == 200
    assert "modifiée pendant que vous l’éditiez" in response.content.decode()
    maison.refresh_from_db()
    assert (maison.name, maison.summary, maison.version) == ("Maison du libre", "Changé entre-temps.", 2)


def test_the_merge_action_opens_the_merge_page_for_exactly_two(admin_client, db):
    from tests.factories import make_initiative

    older, newer, third = make_initiative(slug="older"), make_initiative(slug="newer"), make_initiative(slug="third")
    url = "/admin/initiatives/initiative/"

    response = admin_client.post(url, {"action": "merge_two", "_selected_action": [newer.pk, older.pk]})

    assert response.status_code == 302
    assert response["Location"] == "/moderation/fusion/?garder=older&fusionner=newer"
    refused = admin_client.post(url, {"action": "merge_two", "_selected_action": [older.pk, newer.pk, third.pk]},
                                follow=True)  # fmt: skip
    assert "Choisissez exactement deux initiatives." in refused.content.decode()
