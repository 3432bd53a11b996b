"""tile_point_themes() parses the Feature once, as jsonb (initiatives/sql/tile_points.sql)."""

from django.db import migrations

from initiatives import sql_files


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0029_duplicates_commune_hashed"),
    ]

    operations = [
        sql_files.reload(digest="2256342f45c3"),
    ]
