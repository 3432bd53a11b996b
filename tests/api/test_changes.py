"""/api/v1/changes/: the change feed. Its rows are only served once every transaction that
could still write before them has ended, so these tests commit for real (transaction=True)."""

import psycopg
import pytest
from django.db import connection, transaction

from initiatives.models import Initiative
from tests.factories import LILLE, make_initiative, make_theme

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.change_feed]
URL = "/api/v1/changes/"


def read(api, since=None, **params):
    if since:
        params["since"] = since
    response = api.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def follow(api, since=None, **params):
    """Every change after `since`, page after page, as a partner's sync loop reads them."""
    changes = []
    while True:
        page = read(api, since, **params)
        changes += page["changes"]
        since = page["cursor"]
        if not page["more"]:
            return changes, since


def summary(changes):
    return [(c["action"], c["slug"], c.get("reason")) for c in changes]


def test_it_lists_creations_updates_and_removals_in_order(api):
    kept = make_initiative(slug="kept", name="Gardée")
    archived = make_initiative(slug="to-archive")
    unpublished = make_initiative(slug="to-unpublish")
    deleted = make_initiative(slug="to-delete")
    make_initiative(slug="never-published", status="pending")
    _, cursor = follow(api)

    Initiative.objects.filter(pk=kept.pk).update(name="Gardée et renommée")
    Initiative.objects.filter(pk=archived.pk).update(status="archived")
    Initiative.objects.filter(pk=unpublished.pk).update(status="pending")
    deleted_id = deleted.pk
    deleted.delete()
    changes, _ = follow(api, cursor)

    assert summary(changes) == [
        ("updated", "kept", None), ("removed", "to-archive", "archived"),
        ("removed", "to-unpublish", "unpublished"), ("removed", "to-delete", "deleted"),
    ]  # fmt: skip
    assert changes[0]["diff"] == {"name": {"before": "Gardée", "after": "Gardée et renommée"}}
    assert changes[0]["feature"]["properties"]["name"] == "Gardée et renommée"
    assert changes[3] == {"action": "removed", "id": deleted_id, "slug": "to-delete", "reason": "deleted",
                          "version": 1, "at": changes[3]["at"]}  # fmt: skip


def test_a_first_publication_is_a_creation_and_a_write_that_changes_nothing_is_not_a_change(api):
    waiting = make_initiative(slug="waiting", status="pending")
    _, cursor = follow(api)
    with connection.cursor() as cursor_:
        cursor_.execute("SELECT initiative_touch(ARRAY[%s]::bigint[])", [waiting.pk])
    assert follow(api, cursor)[0] == []

    Initiative.objects.filter(pk=waiting.pk).update(status="published")
    with connection.cursor() as cursor_:  # rebuilds the same Feature, with a new updated_at
        cursor_.execute("SELECT initiative_touch(ARRAY[%s]::bigint[])", [waiting.pk])
    changes, _ = follow(api, cursor)
    assert summary(changes) == [("created", "waiting", None)]
    assert changes[0]["feature"]["id"] == waiting.pk


def test_a_transaction_leaves_one_change_per_initiative_from_its_start_to_its_end(api):
    communs, libre = make_theme(slug="communs"), make_theme(slug="libre")
    edited = make_initiative(slug="edited", name="Avant", themes=[communs])
    _, cursor = follow(api)
    with transaction.atomic():  # an import: the row, then its themes, each rebuilding the Feature
        made = make_initiative(slug="made", themes=[communs, libre])
        Initiative.objects.filter(pk=edited.pk).update(name="Pendant")
        edited.themes.set([libre])
        Initiative.objects.filter(pk=edited.pk).update(name="Avant")
        gone = make_initiative(slug="made-and-gone")
        Initiative.objects.filter(pk=gone.pk).update(status="archived")
    changes, _ = follow(api, cursor)
    assert summary(changes) == [("created", "made", None), ("updated", "edited", None)]
    assert [t["slug"] for t in changes[0]["feature"]["properties"]["themes"]] == ["communs", "libre"]
    assert list(changes[1]["diff"]) == ["themes"]  # the name came back to what it was


def test_two_transactions_committing_out_of_order_are_both_served(api):
    first = make_initiative(slug="first", name="Premier")
    second = make_initiative(slug="second", name="Second")
    seen, cursor = follow(api)  # a partner, up to date
    params = connection.get_connection_params()
    with psycopg.connect(**params) as early, psycopg.connect(**params) as late:
        # `early` takes its transaction id first, `late` writes and commits meanwhile.
        early_xid = early.execute("SELECT pg_current_xact_id()::text::bigint").fetchone()[0]
        late_xid = late.execute("UPDATE initiatives_initiative SET name = 'Second bis' WHERE id = %s "
                                "RETURNING pg_current_xact_id()::text::bigint", [second.pk]).fetchone()[0]  # fmt: skip
        late.commit()
        assert early_xid < late_xid

        # The partner syncs now: what `late` wrote is committed, but `early` may still write
        # before it in the feed's order, so it is not served yet and the cursor stays.
        page = read(api, cursor)
        assert (page["changes"], page["cursor"]) == ([], cursor)
        seen, cursor = seen + page["changes"], page["cursor"]

        early.execute("UPDATE initiatives_initiative SET name = 'Premier bis' WHERE id = %s", [first.pk])
        early.commit()

    changes, _ = follow(api, cursor)  # the partner syncs again, from where it stopped
    assert [(c["slug"], c["diff"]["name"]["after"]) for c in seen[2:] + changes] == [
        ("first", "Premier bis"), ("second", "Second bis")
    ]


def test_it_is_paginated_and_resumable(api):
    for n in range(5):
        make_initiative(slug=f"page-{n}")
    page = read(api, page_size=2)
    assert ([c["slug"] for c in page["changes"]], page["more"]) == (["page-0", "page-1"], True)
    assert page["next"].startswith("http://testserver/api/v1/changes/?page_size=2&since=")
    page = api.get(page["next"]).json()
    assert [c["slug"] for c in page["changes"]] == ["page-2", "page-3"]
    rest, cursor = follow(api, page["cursor"], page_size=2)
    assert [c["slug"] for c in rest] == ["page-4"]

    make_initiative(slug="page-5")
    assert [c["slug"] for c in follow(api, cursor)[0]] == ["page-5"]


def test_filters_match_before_and_after_the_change(api):
    communs = make_theme(slug="communs")
    inside = make_initiative(slug="inside", themes=[communs], department_code="29", region_code="53")
    make_initiative(slug="outside", department_code="59", region_code="32")
    # Created without themes (not matched), then given its theme (matched):
    assert summary(follow(api, theme="communs")[0]) == [("updated", "inside", None)]
    assert [c["slug"] for c in follow(api, department="29")[0]] == ["inside", "inside"]
    assert [c["slug"] for c in follow(api, region="32")[0]] == ["outside"]
    _, cursor = follow(api, theme="communs")

    inside.themes.set([])  # it leaves the theme: a partner following the theme learns it
    changes, _ = follow(api, cursor, theme="communs")
    assert summary(changes) == [("updated", "inside", None)]
    assert changes[0]["diff"]["themes"]["after"] == []


def test_a_source_pulls_back_the_corrections_made_here_to_its_records(api):
    theirs = make_initiative(slug="theirs", source="Transiscope", source_id="42", name="Chez eux")
    make_initiative(slug="ours", name="Chez nous")
    _, cursor = follow(api, source="transiscope")
    Initiative.objects.filter(pk=theirs.pk).update(name="Chez eux, corrigé", location="SRID=4326;POINT(%s %s)" % LILLE)
    changes, _ = follow(api, cursor, source="transiscope")
    assert [c["slug"] for c in changes] == ["theirs"]
    assert changes[0]["diff"]["name"] == {"before": "Chez eux", "after": "Chez eux, corrigé"}
    assert changes[0]["diff"]["geometry"]["after"]["coordinates"] == list(LILLE)


def test_a_page_is_two_queries(api, django_assert_num_queries):
    for n in range(30):
        make_initiative(slug=f"many-{n}", themes=[make_theme()])
    with django_assert_num_queries(2):  # the database's identity, the page
        page = read(api, page_size=100)
    assert len(page["changes"]) == 60


def test_it_answers_304_until_the_page_changes_and_is_open_to_partner_sites(api):
    make_initiative(slug="one")
    response = api.get(URL, HTTP_ORIGIN="https://partner.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    etag = response["ETag"]
    assert api.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 304
    make_initiative(slug="two")
    response = api.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert [c["slug"] for c in response.json()["changes"]] == ["one", "two"]


@pytest.mark.parametrize("params, name", [
    ({"since": "pas-un-curseur"}, "since"),
    ({"since": "YWJjLjEuMg"}, "since"),  # "abc.1.2": another database's cursor
    ({"page_size": "0"}, "page_size"),
    ({"theme": "pas un slug"}, "theme"),
    ({"department": "999a"}, "department"),
    ({"source": "a\x00b"}, "source"),
    ({"updated_since": "2026-01-01"}, "updated_since"),
])  # fmt: skip
def test_a_bad_parameter_is_a_400_naming_it(api, params, name):
    response = api.get(URL, params)
    assert response.status_code == 400
    assert list(response.json()) == [name]
