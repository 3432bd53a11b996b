"""The duplicate candidates' name indexes (0024) keyed by a hash of the commune instead of its
text. btree_gist compares text keys with the collation at every level of every insert
(penalty, union): the two indexes were a fifth of a bulk import's INSERT, two thirds of it in
those comparisons. An integer key compares in one instruction; the query keeps, of the
nearest names the index gives, those of the exact commune (a rare collision costs a row read)."""

from django.db import migrations

INDEXES = r"""
DROP INDEX IF EXISTS initiative_insee_name;
DROP INDEX IF EXISTS initiative_commune_name;
CREATE INDEX initiative_insee_name ON initiatives_initiative
    USING gist (hashtext(insee_code), search_name gist_trgm_ops) WHERE insee_code <> '';
CREATE INDEX initiative_commune_name ON initiatives_initiative
    USING gist (hashtext(immutable_unaccent(lower(commune))), search_name gist_trgm_ops) WHERE commune <> '';
"""
TEXT_KEYED = r"""
DROP INDEX IF EXISTS initiative_insee_name;
DROP INDEX IF EXISTS initiative_commune_name;
CREATE INDEX initiative_insee_name ON initiatives_initiative
    USING gist (insee_code, search_name gist_trgm_ops) WHERE insee_code <> '';
CREATE INDEX initiative_commune_name ON initiatives_initiative
    USING gist (immutable_unaccent(lower(commune)), search_name gist_trgm_ops) WHERE commune <> '';
"""


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0028_features_built_per_statement"),
    ]

    operations = [
        migrations.RunSQL(INDEXES, TEXT_KEYED),
    ]
