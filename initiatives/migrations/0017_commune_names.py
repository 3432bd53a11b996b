"""Commune names for typo-tolerant place search ("brst" → Brest): a plain table of the
gazetteer's communes (initiatives/data/communes.json.gz) with a trigram index on the folded
name. Not a Django model on purpose: test flushes (TransactionTestCase) truncate the models'
tables, and this is reference data, not the dataset. Everything else about a commune (centre,
postal codes) stays in the gazetteer; this table only turns a misspelt name into INSEE codes.
Refilled by a new migration when the gazetteer file changes."""

from django.db import migrations

CREATE = """
CREATE TABLE initiatives_commune_name (
    insee varchar(5) PRIMARY KEY,
    search_name text NOT NULL,
    population integer NOT NULL
);
CREATE INDEX commune_name_trgm ON initiatives_commune_name USING gin (search_name gin_trgm_ops);
"""


def fill(apps, schema_editor):
    from initiatives.geocoding import OfflineGazetteer

    index = OfflineGazetteer().index
    rows = list(zip(index.code, index.folded, index.population))
    with schema_editor.connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO initiatives_commune_name (insee, search_name, population) VALUES (%s, %s, %s)", rows
        )
        cursor.execute("ANALYZE initiatives_commune_name")


class Migration(migrations.Migration):

    dependencies = [
        ("initiatives", "0016_webhooks"),
    ]

    operations = [
        migrations.RunSQL(CREATE, "DROP TABLE initiatives_commune_name"),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
