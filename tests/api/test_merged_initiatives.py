"""A merged-away initiative's URLs lead to the survivor (301), and the change feed tells
partners with a tombstone: reason `merged` and the survivor's id."""

import pytest

from initiatives import merging
from tests.api.test_changes import follow, summary
from tests.factories import make_initiative, make_theme, make_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.change_feed]


def merged_pair():
    keep = make_initiative(slug="keep", name="Gardée")
    gone = make_initiative(slug="gone", name="Partie", themes=[make_theme(slug="communs")])
    merging.merge_initiatives(survivor=keep, merged=gone, choices={}, moderator=make_user("camille", role="moderator"),
                              survivor_version=1, merged_version=1)  # fmt: skip
    return keep, gone


def test_its_api_url_by_slug_and_by_id_answers_301_to_the_survivor(api):
    keep, gone = merged_pair()

    by_slug = api.get("/api/v1/initiatives/gone/?format=geojson")
    by_id = api.get(f"/api/v1/initiatives/{gone.pk}/")

    assert by_slug.status_code == by_id.status_code == 301
    assert by_slug["Location"] == "http://testserver/api/v1/initiatives/keep/?format=geojson"
    assert by_id["Location"] == f"http://testserver/api/v1/initiatives/{keep.pk}/"
    assert api.get(by_slug["Location"]).json()["properties"]["slug"] == "keep"
    assert api.get("/api/v1/initiatives/never-was/").status_code == 404


def test_its_page_answers_301_to_the_survivor_and_its_history_stays_readable(client):
    keep, gone = merged_pair()

    response = client.get("/initiatives/gone/")

    assert response.status_code == 301
    assert response["Location"] == "/initiatives/keep/"
    history = client.get("/initiatives/gone/historique/")
    assert history.status_code == 200
    assert "Fusionnée dans" in history.content.decode()
    survivor_history = client.get("/initiatives/keep/historique/").content.decode()
    assert 'href="/initiatives/gone/historique/"' in survivor_history


def test_the_change_feed_reports_a_merged_tombstone_with_the_survivor(api):
    keep, gone = merged_pair()

    changes, _cursor = follow(api)

    assert summary(changes)[-2:] == [("updated", "keep", None), ("removed", "gone", "merged")]
    assert changes[-1]["merged_into"] == keep.pk
    assert (changes[-2]["version"], list(changes[-2]["diff"])) == (2, ["themes"])  # united
    assert "merged_into" not in changes[0]
