"""An import costs a fixed number of queries per batch of rows, not per row, and its bulk
writes leave what the one-row-at-a-time path left: the rows, their relations, one import
revision each, holding the snapshot that the history reads back."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives import snapshots
from initiatives.imports import ImportRefused, plan, run_import
from initiatives.models import Dataset, Initiative, Revision

pytestmark = pytest.mark.django_db

HEADER = "id;name;summary;longitude;latitude;commune;insee_code;themes;networks\r\n"


def csv(count, *, summary="Une initiative", start=1):
    lines = [
        f"r{n};Initiative {n} du Finistère;{summary} {n};-4,{4000 + n};48,{3000 + n};Brest;29019;"
        f"Communs | Solidarité;chatons\r\n"
        for n in range(start, start + count)
    ]
    return (HEADER + "".join(lines)).encode("utf-8")


def queries(data, tmp_path, **options):
    with CaptureQueriesContext(connection) as captured:
        report = run_import(data, format="csv", source="lot", accept_duplicates=True, **options)
    return len(captured), report


def test_a_dry_run_costs_the_same_queries_for_3_rows_as_for_60(sample_data, tmp_path):
    few, report = queries(csv(3), tmp_path)
    many, report_many = queries(csv(60), tmp_path)

    assert report.count("created") == 3 and report_many.count("created") == 60
    assert few == many


def test_applying_costs_the_same_queries_for_3_new_rows_as_for_60(sample_data, tmp_path):
    few, _report = queries(csv(3), tmp_path, apply=True)
    many, report = queries(csv(60, start=100), tmp_path, apply=True)

    assert report.count("created") == 60
    assert few == many


def test_updating_costs_the_same_queries_for_3_rows_as_for_60(sample_data, tmp_path):
    run_import(csv(60), format="csv", source="lot", apply=True)
    few, _report = queries(csv(3, summary="Changée"), tmp_path, apply=True)
    many, report = queries(csv(60, summary="Encore changée"), tmp_path, apply=True)

    assert report.count("updated") == 60
    assert few == many


def test_queries_grow_with_the_batches_not_the_rows(sample_data, tmp_path, monkeypatch):
    monkeypatch.setattr(plan, "BATCH_ROWS", 10)
    one, _report = queries(csv(10), tmp_path, apply=True)
    three, _report = queries(csv(30, start=100), tmp_path, apply=True)

    per_batch = (three - one) // 2
    assert three == one + 2 * per_batch  # each further batch costs the same
    assert per_batch <= 12  # a handful per batch, far fewer than its 10 rows would make one by one


def test_bulk_writes_leave_the_history_the_single_row_path_leaves(sample_data, tmp_path):
    run_import(csv(5), format="csv", source="lot", apply=True)
    created = Initiative.objects.get(source="lot", source_id="r2")
    revision = created.revisions.get()

    assert (revision.kind, revision.status, revision.version) == (Revision.Kind.IMPORT, Revision.Status.ACCEPTED, 1)
    assert revision.snapshot == snapshots.take(created)
    assert created.themes.count() == 2 and created.networks.get().slug == "chatons"

    changed = csv(5, summary="Changée").replace(b"Communs | ", b"")
    report = run_import(changed, format="csv", source="lot", apply=True)

    created.refresh_from_db()
    latest = created.revisions.order_by("-version").first()
    assert report.count("updated") == 5
    assert (created.version, latest.version) == (2, 2)
    assert latest.snapshot == snapshots.take(created)
    assert sorted(created.themes.values_list("slug", flat=True)) == ["solidarite"]


def test_imported_rows_hold_the_features_the_trigger_builds(sample_data, tmp_path):
    # The batch's Features are built in its INSERT (initiative_features), not by the trigger.
    run_import(csv(5), format="csv", source="lot", apply=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, feature FROM initiatives_initiative WHERE source = 'lot' ORDER BY id")
        imported = cursor.fetchall()
        cursor.execute("UPDATE initiatives_initiative SET feature = NULL WHERE source = 'lot'")  # the trigger rebuilds them
        cursor.execute("SELECT id, feature FROM initiatives_initiative WHERE source = 'lot' ORDER BY id")
        rebuilt = cursor.fetchall()

    assert len(imported) == 5 and imported == rebuilt
    properties = json.loads(imported[0][1])["properties"]
    assert [theme["slug"] for theme in properties["themes"]] == ["communs", "solidarite"]
    assert [network["slug"] for network in properties["networks"]] == ["chatons"]


def test_the_same_file_again_writes_nothing_at_all(sample_data, tmp_path):
    run_import(csv(30), format="csv", source="lot", apply=True)
    before = (Revision.objects.count(), Dataset.current().version)

    report = run_import(csv(30), format="csv", source="lot", apply=True)

    assert report.count("unchanged") == 30
    assert (Revision.objects.count(), Dataset.current().version) == before


def test_an_apply_reports_what_its_dry_run_reported(sample_data, monkeypatch):
    # An apply looks the matches and duplicates up before its first write, then writes each
    # batch while it plans the next (plan._apply): batch after batch, its report is the dry run's.
    monkeypatch.setattr(plan, "BATCH_ROWS", 4)
    run_import(csv(6), format="csv", source="lot", apply=True)
    new = "".join(f"j{n};Jardin {n} de Kerinou;Un jardin;-4,{4500 + n};48,{3500 + n};Brest;29019;Jardins;\r\n" for n in range(7, 11))
    duplicate = "d1;Initiative 2 du Finistère;Une initiative;-4,4002;48,3002;Brest;29019;Communs;\r\n"
    invalid = "bad;Sans position;Une initiative;;95,0;Brest;29019;;\r\n"
    data = csv(6, summary="Changée") + (new + duplicate + invalid).encode()

    dry = run_import(data, format="csv", source="lot", skip_invalid=True)
    applied = run_import(data, format="csv", source="lot", apply=True, skip_invalid=True)

    def seen(report):
        return [(r.where, r.status, r.source_id, [c.slug for c in r.candidates], r.changed, r.errors) for r in report.rows]

    assert seen(applied) == seen(dry)
    assert applied.counts == dry.counts
    assert (applied.count("updated"), applied.count("created"), applied.count("duplicate"), applied.count("invalid")) == (6, 4, 1, 1)
    assert Initiative.objects.filter(source="lot").count() == 10
    assert set(Initiative.objects.filter(source="lot", source_id__startswith="j").values_list("summary", flat=True)) == {"Un jardin"}


def test_an_invalid_row_in_the_last_batch_undoes_the_batches_written_before_it(sample_data, monkeypatch):
    monkeypatch.setattr(plan, "BATCH_ROWS", 3)
    before = (Initiative.objects.count(), Revision.objects.count(), Dataset.current().version)
    data = csv(9) + b"bad;Sans position;Une initiative;;95,0;Brest;29019;;\r\n"

    with pytest.raises(ImportRefused, match="1 ligne"):
        run_import(data, format="csv", source="lot", apply=True, accept_duplicates=True)

    assert (Initiative.objects.count(), Revision.objects.count(), Dataset.current().version) == before
