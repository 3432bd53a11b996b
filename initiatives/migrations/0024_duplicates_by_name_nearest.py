"""The duplicate candidates' name tests (initiatives/duplicates.py) as a nearest-names search
within the commune: one GiST index per test, the commune (its INSEE code, or its name without
accents or case) then the name's trigrams, replacing the two B-tree indexes of 0015. At
100,000 initiatives the B-tree found a big town's thousands of rows and the trigram index
tens of thousands of names like the probe's (threshold 0.3) — ~70 ms to AND them; the GiST
index walks the town's part of the tree in name-distance order and stops after a few
(~5 ms). btree_gist gives GiST the equality on the commune (a trusted extension: the
database owner may create it)."""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

INDEXES = r"""
DROP INDEX IF EXISTS initiative_insee_code;
DROP INDEX IF EXISTS initiative_commune_search;
CREATE INDEX initiative_insee_name ON initiatives_initiative
    USING gist (insee_code, search_name gist_trgm_ops) WHERE insee_code <> '';
CREATE INDEX initiative_commune_name ON initiatives_initiative
    USING gist (immutable_unaccent(lower(commune)), search_name gist_trgm_ops) WHERE commune <> '';
"""
DROP_INDEXES = r"""
DROP INDEX IF EXISTS initiative_insee_name;
DROP INDEX IF EXISTS initiative_commune_name;
CREATE INDEX initiative_insee_code ON initiatives_initiative (insee_code) WHERE insee_code <> '';
CREATE INDEX initiative_commune_search ON initiatives_initiative (immutable_unaccent(lower(commune))) WHERE commune <> '';
"""


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0023_statement_level_touch"),
    ]

    operations = [
        BtreeGistExtension(),
        migrations.RunSQL(INDEXES, DROP_INDEXES),
    ]
