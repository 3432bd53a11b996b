"""The map at 1M initiatives, second pass:
- a GiST index of the published points that carries their id and position, so that a view's
  points (clusters above the stored levels, a bbox page's ids) are read from the index alone,
  without visiting the wide rows (~2 kB each with their Feature);
- the log of the positions that writes touched (initiatives/sql/map_cells.sql), from which
  the cells are refreshed cell by cell instead of rebuilt whole (initiatives/map_cells.py)."""

from django.db import migrations

from initiatives import sql_files

FORWARD = r"""
CREATE INDEX IF NOT EXISTS initiative_published_points_gist ON initiatives_initiative USING gist (location)
    INCLUDE (id, location) WHERE status = 'published' AND location IS NOT NULL;
CREATE TABLE initiatives_map_cell_dirty (
    lon float8 NOT NULL,
    lat float8 NOT NULL
);
"""

REVERSE = r"""
DROP TRIGGER IF EXISTS map_cell_log_write ON initiatives_initiative;
DROP TRIGGER IF EXISTS map_cell_log_write_insert ON initiatives_initiative;  -- once per statement since 0027
DROP TRIGGER IF EXISTS map_cell_log_write_update ON initiatives_initiative;
DROP TRIGGER IF EXISTS map_cell_log_write_delete ON initiatives_initiative;
DROP TRIGGER IF EXISTS map_cell_forget ON initiatives_initiative;
DROP FUNCTION IF EXISTS map_cell_log_write();
DROP FUNCTION IF EXISTS map_cell_forget();
DROP TABLE IF EXISTS initiatives_map_cell_dirty;
DROP INDEX IF EXISTS initiative_published_points_gist;
"""


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0017_commune_names")]

    operations = [migrations.RunSQL(FORWARD, REVERSE), sql_files.reload(digest="61804b87faa4")]
