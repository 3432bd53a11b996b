"""A Feature's networks read membership first, then each network by primary key (LATERAL in
initiatives/sql/feature.sql): inside a bulk import's transaction the statistics still
described a small table, and the planner scanned every published initiative for each
inserted row — 14 ms per row after 10,000 rows, quadratic over an import (a 10,000-row
GoGoCarto apply: 64 s → 11 s)."""

from django.db import migrations

from initiatives import sql_files


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0024_duplicates_by_name_nearest"),
    ]

    operations = [
        sql_files.reload(digest="173ba03cfd85"),
    ]
