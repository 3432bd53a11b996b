"""The change log, the map cells' log of positions and the tiles' copy of the points follow
the writes once per statement, with transition tables, instead of once per row
(initiatives/sql/change_log.sql, map_cells.sql, tile_points.sql): at 100,000 imported rows,
these row triggers were half of the time PostgreSQL spent on the initiatives' COPY."""

from django.db import migrations

from initiatives import sql_files


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0026_change_log_cached_plans"),
    ]

    operations = [
        sql_files.reload(digest="d064bb7097ef"),
    ]
