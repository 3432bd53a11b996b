"""A bulk import builds its batch's Features in its INSERT, with one plan for the batch
(initiative_features(), initiatives/sql/feature.sql); the insert trigger builds a Feature only
for a row that comes without one (triggers.sql)."""

from django.db import migrations

from initiatives import sql_files


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0027_statement_level_logs"),
    ]

    operations = [
        sql_files.reload(digest="6445b5995298"),
    ]
