"""French search that ignores accents and case and forgives small typos, plus the geography
index that serves `near=` in true metres.

- `fr_unaccent`: the French text-search configuration with accents stripped, so that
  "cooperation" matches "coopération" and stemming still applies.
- `search_vector`: weighted full text of name (A), summary and commune (B), description (C).
- `search_name`: the name, lower-case and accent-free, trigram-indexed for typo tolerance.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

FORWARD = r"""
CREATE FUNCTION immutable_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS
$$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

CREATE TEXT SEARCH CONFIGURATION fr_unaccent (COPY = french);
ALTER TEXT SEARCH CONFIGURATION fr_unaccent
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;

ALTER TABLE initiatives_initiative
    ADD COLUMN search_name text GENERATED ALWAYS AS (immutable_unaccent(lower(name))) STORED,
    ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('fr_unaccent'::regconfig, name), 'A')
        || setweight(to_tsvector('fr_unaccent'::regconfig, summary || ' ' || commune), 'B')
        || setweight(to_tsvector('fr_unaccent'::regconfig, description), 'C')
    ) STORED;

CREATE INDEX initiative_search_vector ON initiatives_initiative USING gin (search_vector);
CREATE INDEX initiative_search_name_trgm ON initiatives_initiative USING gin (search_name gin_trgm_ops);
CREATE INDEX initiative_location_geography ON initiatives_initiative USING gist ((location::geography));
"""

REVERSE = r"""
DROP INDEX IF EXISTS initiative_location_geography;
DROP INDEX IF EXISTS initiative_search_name_trgm;
DROP INDEX IF EXISTS initiative_search_vector;
ALTER TABLE initiatives_initiative DROP COLUMN IF EXISTS search_vector, DROP COLUMN IF EXISTS search_name;
DROP TEXT SEARCH CONFIGURATION IF EXISTS fr_unaccent;
DROP FUNCTION IF EXISTS immutable_unaccent(text);
"""


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0002_feature_sql")]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunSQL(FORWARD, REVERSE),
    ]
