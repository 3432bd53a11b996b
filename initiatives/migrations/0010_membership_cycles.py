"""Membership cycles (A in B in A, at any depth) are refused by PostgreSQL itself; the SQL is
in initiatives/sql/membership_cycles.sql, the French message in initiatives/memberships.py."""

from pathlib import Path

from django.db import migrations

SQL = (Path(__file__).resolve().parent.parent / "sql" / "membership_cycles.sql").read_text(encoding="utf-8")

REVERSE = """
DROP TRIGGER IF EXISTS membership_refuse_cycle ON initiatives_membership;
DROP FUNCTION IF EXISTS membership_refuse_cycle();
"""


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0007_touch_moves_updated_at")]

    operations = [migrations.RunSQL(SQL, REVERSE)]
