-- The change log that partners sync from (/api/v1/changes/): one row per change to what a
-- partner sees of an initiative, written by PostgreSQL whoever writes (services, admin,
-- importers, psql). Each row carries the id of the transaction that wrote it (xid8), and the
-- feed serves only rows of transactions older than every transaction still running
-- (initiatives/changelog.py): rows are never served before every earlier one is final.

-- A partner sees published initiatives: entering that set is a creation, changing inside it
-- an update (with the field-level diff), leaving it a removal (archived, unpublished,
-- deleted). A write that changes nothing a partner sees (a touch that rebuilds the same
-- Feature, a version claimed for nothing) writes no row.
CREATE OR REPLACE FUNCTION initiative_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was_visible boolean := TG_OP <> 'INSERT' AND OLD.status = 'published';
    is_visible boolean := TG_OP <> 'DELETE' AND NEW.status = 'published';
    old_f jsonb := CASE WHEN TG_OP <> 'INSERT' THEN OLD.feature::jsonb END;
    new_f jsonb := CASE WHEN TG_OP <> 'DELETE' THEN NEW.feature::jsonb END;
    row_f jsonb := COALESCE(new_f, old_f);
    action text;
    reason text := '';
    diff jsonb;
BEGIN
    IF is_visible AND NOT was_visible THEN
        action := 'created';
    ELSIF is_visible THEN
        SELECT jsonb_object_agg(key, jsonb_build_object('before', before, 'after', after)) INTO diff
        FROM (
            SELECT key, old_f->'properties'->key AS before, new_f->'properties'->key AS after
            FROM jsonb_object_keys(old_f->'properties' || new_f->'properties') AS key
            WHERE key NOT IN ('updated_at', 'version')
            UNION ALL
            SELECT 'geometry', old_f->'geometry', new_f->'geometry'
        ) AS field
        WHERE before IS DISTINCT FROM after;
        IF diff IS NULL THEN
            RETURN NULL;
        END IF;
        action := 'updated';
    ELSIF was_visible THEN
        action := 'removed';
        reason := CASE WHEN TG_OP = 'DELETE' THEN 'deleted'
                       WHEN NEW.status = 'archived' THEN 'archived' ELSE 'unpublished' END;
    ELSE
        RETURN NULL;
    END IF;
    INSERT INTO initiatives_change (txid, initiative_id, slug, action, reason, version, at, feature, diff,
                                    source, themes, networks, departments, regions)
    SELECT pg_current_xact_id()::text::bigint, COALESCE(NEW.id, OLD.id), row_f->'properties'->>'slug',
           action, reason, (row_f->'properties'->>'version')::int, clock_timestamp(),
           CASE WHEN action <> 'removed' THEN NEW.feature END, diff,
           COALESCE(NEW.source, OLD.source),
           -- What the filters match: the initiative before and after, so that a partner
           -- following a theme also learns that an initiative left it.
           ARRAY(SELECT DISTINCT t->>'slug' FROM jsonb_array_elements(
                 COALESCE(old_f->'properties'->'themes', '[]') || COALESCE(new_f->'properties'->'themes', '[]')) t),
           ARRAY(SELECT DISTINCT n->>'slug' FROM jsonb_array_elements(
                 COALESCE(old_f->'properties'->'networks', '[]') || COALESCE(new_f->'properties'->'networks', '[]')) n),
           ARRAY(SELECT DISTINCT c FROM unnest(ARRAY[old_f->'properties'->>'department_code',
                 new_f->'properties'->>'department_code']) c WHERE c <> ''),
           ARRAY(SELECT DISTINCT c FROM unnest(ARRAY[old_f->'properties'->>'region_code',
                 new_f->'properties'->>'region_code']) c WHERE c <> '');
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER initiative_log_change AFTER INSERT OR UPDATE OR DELETE ON initiatives_initiative
    FOR EACH ROW EXECUTE FUNCTION initiative_log_change();
