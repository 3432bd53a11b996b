"""The moderators' merge page: side by side, a value chosen per field, then the merge."""

import pytest
from django.test import Client

from initiatives.models import Initiative
from tests.factories import LILLE, make_initiative, make_theme, make_user

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def pair(db):
    keep = make_initiative(slug="keep", name="Maison du libre", summary="", themes=[make_theme(slug="libre")])
    gone = make_initiative(slug="gone", name="La Maison du Libre <b>", summary="Un lieu du libre.", at=LILLE,
                           commune="Lille", themes=[make_theme(slug="tiers")])  # fmt: skip
    return keep, gone


def test_it_shows_both_side_by_side_with_sensible_defaults(pair):
    page = signed_in(make_user("camille", role="moderator")).get("/moderation/fusion/?garder=keep&fusionner=gone")

    assert page.status_code == 200
    text = page.content.decode()
    assert "La Maison du Libre &lt;b&gt;" in text  # text, never HTML
    assert 'name="choice-summary" value="merged" checked' in text  # the survivor has none
    assert 'name="choice-name" value="survivor" checked' in text
    assert "?garder=gone&amp;fusionner=keep" in text  # swap


def test_posting_the_choices_merges_and_leads_to_the_survivors_history(pair):
    keep, gone = pair
    client = signed_in(make_user("camille", role="moderator"))

    response = client.post("/moderation/fusion/?garder=keep&fusionner=gone", {
        "survivor_version": 1, "merged_version": 1, "choice-name": "merged", "choice-location": "merged",
    })  # fmt: skip

    assert response.status_code == 302 and response["Location"] == "/initiatives/keep/historique/"
    keep.refresh_from_db()
    assert (keep.name, keep.summary, keep.location.x) == ("La Maison du Libre <b>", "", LILLE[0])
    assert sorted(keep.themes.values_list("slug", flat=True)) == ["libre", "tiers"]
    assert Initiative.objects.get(slug="gone").merged_into == keep


def test_a_stale_page_changes_nothing_and_says_so(pair):
    client = signed_in(make_user("camille", role="moderator"))

    response = client.post("/moderation/fusion/?garder=keep&fusionner=gone", {"survivor_version": 1, "merged_version": 7})

    assert response.status_code == 400
    assert "modifiée entre-temps" in response.content.decode()
    assert Initiative.objects.get(slug="gone").merged_into is None


def test_only_moderators_may_merge(pair):
    assert Client().get("/moderation/fusion/?garder=keep&fusionner=gone").status_code == 302  # to the login
    outsider = signed_in(make_user("dominique", role="trusted"))
    assert outsider.get("/moderation/fusion/?garder=keep&fusionner=gone").status_code == 403
    assert outsider.post("/moderation/fusion/?garder=keep&fusionner=gone",
                         {"survivor_version": 1, "merged_version": 1}).status_code == 403  # fmt: skip
    assert Initiative.objects.get(slug="gone").merged_into is None
