"""Vector tiles from a narrow copy of the published, located initiatives
(initiatives_tile_point, kept by the trigger of initiatives/sql/tile_points.sql): a cold
city tile at z 14 read ~9,000 pages of the wide table and of the themes' index at 1M. Filled
here in spatial order (the geohash's Z curve), so that a tile's rows sit on few pages."""

from django.db import migrations

from initiatives import sql_files

FORWARD = r"""
CREATE TABLE initiatives_tile_point (
    id bigint PRIMARY KEY,
    location geometry(Point, 4326) NOT NULL,
    slug text NOT NULL,
    name text NOT NULL,
    kind text NOT NULL,
    commune text NOT NULL,
    themes text NOT NULL
);
"""

FILL = r"""
SELECT tile_point_rebuild();
CREATE INDEX tile_point_location ON initiatives_tile_point USING gist (location);
ANALYZE initiatives_tile_point;
"""

REVERSE = r"""
DROP TRIGGER IF EXISTS tile_point_follow ON initiatives_initiative;
DROP TRIGGER IF EXISTS tile_point_follow_insert ON initiatives_initiative;  -- once per statement since 0027
DROP TRIGGER IF EXISTS tile_point_follow_update ON initiatives_initiative;
DROP TRIGGER IF EXISTS tile_point_follow_delete ON initiatives_initiative;
DROP TRIGGER IF EXISTS tile_point_forget ON initiatives_initiative;
DROP FUNCTION IF EXISTS tile_point_follow();
DROP FUNCTION IF EXISTS tile_point_forget();
DROP FUNCTION IF EXISTS tile_point_themes(text);
DROP FUNCTION IF EXISTS tile_point_rebuild();
DROP TABLE IF EXISTS initiatives_tile_point;
"""


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0020_touch_skips_missing_rows")]

    operations = [
        migrations.RunSQL(FORWARD, REVERSE),
        sql_files.reload(digest="e10b0ff325a4"),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
