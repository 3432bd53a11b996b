"""The SQL that PostgreSQL runs for the domain — the stored Feature, its triggers, the search
helper — lives in initiatives/sql/*.sql, one file per concern, each the current truth.

Every statement there can run again (CREATE OR REPLACE): to change one, edit its file and add
a migration that runs `reload(digest=...)` with the files' new `digest()` — databases that
already ran the earlier reload get the change that way. Tests check that the newest reload
names the files as they are, and that the migrated database holds exactly what they say.
Migrations up to 0007 keep their own strings: they are history."""

import hashlib
from pathlib import Path

from django.db import migrations

SQL_DIR = Path(__file__).resolve().parent / "sql"
# In loading order: the triggers call the Feature function.
FILES = ("search.sql", "feature.sql", "triggers.sql", "membership_cycles.sql", "change_log.sql",
         "network_reach.sql", "map_cells.sql", "tile_points.sql")


def read(name):
    return (SQL_DIR / name).read_text(encoding="utf-8")


def digest():
    """What the files say now, in 12 hex digits."""
    return hashlib.sha256("".join(read(name) for name in FILES).encode()).hexdigest()[:12]


def reload(*, digest):
    """A migration operation that (re)creates every function and trigger from the files, as
    they were when the migration was written (`digest`). Going back leaves them: the next
    forward run replaces them."""
    operation = migrations.RunSQL("\n".join(read(name) for name in FILES), migrations.RunSQL.noop)
    operation.sql_files_digest = digest
    return operation
