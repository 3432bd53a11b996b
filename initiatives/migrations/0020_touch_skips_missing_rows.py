"""initiative_touch runs no UPDATE for ids that have no row yet (initiatives/sql/triggers.sql):
a bulk import's relations, inserted before their initiatives, no longer bump the dataset row
once each."""

from django.db import migrations

from initiatives import sql_files


class Migration(migrations.Migration):

    dependencies = [
        ("initiatives", "0019_network_reach"),
    ]

    operations = [
        sql_files.reload(digest="7282344a130b"),
    ]
