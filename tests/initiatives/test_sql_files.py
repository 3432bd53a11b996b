"""initiatives/sql/*.sql is the current truth: a file changed without the migration that
reloads it fails here, and so does a migration that redefines a function inline."""

import re

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from initiatives import sql_files

pytestmark = pytest.mark.django_db

FUNCTION = re.compile(r"CREATE OR REPLACE FUNCTION (\w+)\(.*?\bAS\s*\$\$(.*?)\$\$", re.S)
TRIGGER = re.compile(r"CREATE OR REPLACE TRIGGER (\w+)\s.*?\bON (\w+)\s+(?:REFERENCING .*?)?FOR EACH (ROW|STATEMENT)\s+"
                     r"(?:WHEN \(.*?\)\s+)?EXECUTE FUNCTION (\w+)\(", re.S)  # fmt: skip


def defined(pattern):
    return [match for name in sql_files.FILES for match in pattern.findall(sql_files.read(name))]


def test_the_newest_reload_migration_loads_the_files_as_they_are():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    digests = [
        operation.sql_files_digest
        for key in loader.graph.forwards_plan(loader.graph.leaf_nodes("initiatives")[0])
        for operation in loader.graph.nodes[key].operations
        if hasattr(operation, "sql_files_digest")
    ]
    assert digests, "no migration reloads initiatives/sql/"
    assert digests[-1] == sql_files.digest(), "initiatives/sql/ changed: add a migration with sql_files.reload()"


def test_every_function_body_in_the_database_is_the_files():
    functions = defined(FUNCTION)
    assert len(functions) == 28
    with connection.cursor() as cursor:
        for name, body in functions:
            cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = %s AND pronamespace = 'public'::regnamespace",
                           [name])  # fmt: skip
            assert cursor.fetchall() == [(body,)], name


def test_every_trigger_in_the_database_is_the_files():
    triggers = {(name, table, level == "ROW", function) for name, table, level, function in defined(TRIGGER)}
    assert len(triggers) == 36
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT t.tgname, t.tgrelid::regclass::text, (t.tgtype & 1) = 1, p.proname
            FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
            WHERE NOT t.tgisinternal AND t.tgrelid::regclass::text LIKE 'initiatives_%'
        """)
        assert set(cursor.fetchall()) == triggers
