"""Themes, memberships and links touch their initiative once per statement (transition tables),
not once per row, and the per-row lookups of initiative_touch and the change log are planned at
each call (initiatives/sql/triggers.sql, change_log.sql): a 100,000-row import no longer scans
tables that grow inside its own transaction. The change log parses each Feature once, not up to
four times."""

from django.db import migrations

from initiatives import sql_files


class Migration(migrations.Migration):

    dependencies = [
        ("initiatives", "0022_member_reach"),
    ]

    operations = [
        sql_files.reload(digest="c689c4f921d8"),
    ]
