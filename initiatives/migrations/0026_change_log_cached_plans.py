"""The change log's trigger keeps its cached plans (initiatives/sql/change_log.sql): only its
lookup of the transaction's earlier row for the same initiative is planned at each call
(EXECUTE), and that row is deleted by ctid. Planning the whole function for every inserted
row (plan_cache_mode = force_custom_plan, 0023) was a fifth of a 100,000-row import."""

from django.db import migrations

from initiatives import sql_files


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0025_feature_networks_by_membership"),
    ]

    operations = [
        sql_files.reload(digest="154b74bd1c9c"),
    ]
