-- unaccent() is only STABLE (it reads its dictionary by name); generated columns and indexes
-- need an IMMUTABLE function: this one names its dictionary, so it may promise that.
-- Used by initiatives_initiative.search_name / search_vector (migration 0003_search).
CREATE OR REPLACE FUNCTION immutable_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS
$$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

-- The words of a search (websearch syntax) as they must appear in the name: the same
-- tsquery with every lexeme restricted to weight A, the name's in search_vector. A common
-- word's matches come name first (initiatives/querysets.py).
CREATE OR REPLACE FUNCTION name_tsquery(text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS
$$ SELECT regexp_replace(websearch_to_tsquery('fr_unaccent', $1)::text,
                         '''((?:[^'']|'''')*)''', '''\1'':A', 'g')::tsquery $$;
