-- The change log that partners sync from (/api/v1/changes/): one row per initiative changed
-- by a transaction, written by PostgreSQL whoever writes (services, admin, importers, psql).
-- Each row carries the id of the transaction that wrote it (xid8), and the feed serves only
-- rows of transactions older than every transaction still running (initiatives/changelog.py):
-- rows are never served before every earlier one is final.

-- What a partner compares of a Feature: its properties and geometry, without the
-- bookkeeping that moves on every write.
CREATE OR REPLACE FUNCTION change_fields(feature jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT ((feature -> 'properties') - 'updated_at'::text - 'version'::text)
           || jsonb_build_object('geometry', feature -> 'geometry')
$$;
DROP FUNCTION IF EXISTS change_fields(text);

-- A partner sees published initiatives: entering that set is a creation, changing inside it
-- an update (with the field-level diff), leaving it a removal (archived, merged into another
-- one — then the survivor's id —, unpublished, deleted). A transaction that writes one
-- initiative several times (an import inserts the row, then its themes and links, each
-- rebuilding the Feature) leaves one row, from the state
-- before the transaction (`before`) to the state after it; one that changes nothing a partner
-- sees (a touch that rebuilds the same Feature, a version claimed for nothing) leaves none.
-- In a bulk import the change log grows by a row per initiative inside one transaction, and a
-- plan cached while it was small would scan it: the one lookup that reads it is planned at
-- each call (EXECUTE), and the row found is deleted by its ctid (a TID scan whatever the
-- statistics). The rest keeps its cached plans: planning the INSERT below for every row was a
-- fifth of a 100,000-row import.
CREATE OR REPLACE FUNCTION initiative_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    cur_txid bigint := pg_current_xact_id()::text::bigint;
    row_id bigint := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
    prior record;
    before text;
    after text := CASE WHEN TG_OP <> 'DELETE' AND NEW.status = 'published' THEN NEW.feature END;
    action text;
    diff jsonb;
    -- Each Feature parsed once (jsonb), for the diff and the filters alike.
    b jsonb;
    a jsonb;
    f jsonb;
BEGIN
    EXECUTE 'SELECT ctid, before FROM initiatives_change WHERE txid = $1 AND initiative_id = $2'
        INTO prior USING cur_txid, row_id;
    IF prior.ctid IS NOT NULL THEN
        before := prior.before;
        DELETE FROM initiatives_change WHERE ctid = prior.ctid;
    ELSIF TG_OP <> 'INSERT' AND OLD.status = 'published' THEN
        before := OLD.feature;
    END IF;
    IF before IS NULL AND after IS NULL THEN
        RETURN NULL;
    ELSIF before IS NULL THEN
        action := 'created';
    ELSIF after IS NULL THEN
        action := 'removed';
    ELSE
        b := before::jsonb;
        a := after::jsonb;
        SELECT jsonb_object_agg(key, jsonb_build_object('before', bf.fields->key, 'after', af.fields->key)) INTO diff
        FROM (SELECT change_fields(b) AS fields) AS bf, (SELECT change_fields(a) AS fields) AS af,
             jsonb_object_keys(bf.fields || af.fields) AS key
        WHERE bf.fields->key IS DISTINCT FROM af.fields->key;
        IF diff IS NULL THEN
            RETURN NULL;
        END IF;
        action := 'updated';
    END IF;
    b := COALESCE(b, before::jsonb);
    a := COALESCE(a, after::jsonb);
    f := COALESCE(a, (CASE WHEN TG_OP = 'DELETE' THEN OLD.feature ELSE NEW.feature END)::jsonb);
    INSERT INTO initiatives_change (txid, initiative_id, slug, action, reason, merged_into, version, at, before,
                                    feature, diff, source, themes, networks, departments, regions)
    SELECT cur_txid, row_id, f->'properties'->>'slug', action,
           CASE WHEN action <> 'removed' THEN '' WHEN TG_OP = 'DELETE' THEN 'deleted'
                WHEN NEW.status = 'archived' AND NEW.merged_into_id IS NOT NULL THEN 'merged'
                WHEN NEW.status = 'archived' THEN 'archived' ELSE 'unpublished' END,
           CASE WHEN action = 'removed' AND TG_OP <> 'DELETE' AND NEW.status = 'archived' THEN NEW.merged_into_id END,
           (f->'properties'->>'version')::int, clock_timestamp(), before, after, diff,
           CASE WHEN TG_OP = 'DELETE' THEN OLD.source ELSE NEW.source END,
           -- What the filters match: the initiative before and after, so that a partner
           -- following a theme also learns that an initiative left it.
           ARRAY(SELECT DISTINCT t->>'slug' FROM jsonb_array_elements(
                 COALESCE(b->'properties'->'themes', '[]') || COALESCE(a->'properties'->'themes', '[]')) t),
           ARRAY(SELECT DISTINCT n->>'slug' FROM jsonb_array_elements(
                 COALESCE(b->'properties'->'networks', '[]') || COALESCE(a->'properties'->'networks', '[]')) n),
           ARRAY(SELECT DISTINCT c FROM unnest(ARRAY[b->'properties'->>'department_code',
                 a->'properties'->>'department_code']) c WHERE c <> ''),
           ARRAY(SELECT DISTINCT c FROM unnest(ARRAY[b->'properties'->>'region_code',
                 a->'properties'->>'region_code']) c WHERE c <> '');
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER initiative_log_change AFTER INSERT OR UPDATE OR DELETE ON initiatives_initiative
    FOR EACH ROW EXECUTE FUNCTION initiative_log_change();
