"""Membership cycles (A in B in A, at any depth) are refused by PostgreSQL itself: the trigger
is in initiatives/sql/membership_cycles.sql, reloaded with the other files; the French message
is in initiatives/memberships.py."""

from django.db import migrations

from initiatives import sql_files


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0009_sql_from_files")]

    operations = [sql_files.reload(digest="7655b06ab706")]
