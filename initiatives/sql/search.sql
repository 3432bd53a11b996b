-- unaccent() is only STABLE (it reads its dictionary by name); generated columns and indexes
-- need an IMMUTABLE function: this one names its dictionary, so it may promise that.
-- Used by initiatives_initiative.search_name / search_vector (migration 0003_search).
CREATE OR REPLACE FUNCTION immutable_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS
$$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
