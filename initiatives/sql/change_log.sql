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
-- Once per statement, for all the rows it wrote (transition tables, paired by id, which never
-- changes): a bulk import's batch of 1,000 rows costs one call and three statements, not a
-- plpgsql call, a planned lookup and an INSERT per row (the triggers per row were half of a
-- 100,000-row import). Planned at each call (EXECUTE): the change log grows inside a bulk
-- import's transaction, and a plan cached while it was small would scan it.
CREATE OR REPLACE FUNCTION initiative_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Each written row: its place in the statement, its id, its state before this statement
    -- (o_) and after it (n_; none for a deletion). Its entry takes the same place among the
    -- statement's entries, whichever way the joins below are planned.
    EXECUTE format($sql$
    WITH w (place, id, o_status, o_feature, n_status, n_feature, n_merged_into_id, source) AS MATERIALIZED (%s),
    -- The transaction's earlier entries of these rows, looked up row by row (initiative_id,
    -- txid): the statistics do not know this transaction's txid, and planned a scan of all its
    -- entries — every row a bulk import had logged so far, at each statement. OFFSET 0 keeps
    -- the planner from flattening the LATERAL subquery into a join it may reorder.
    prior AS (
        DELETE FROM initiatives_change
        WHERE ctid = ANY (ARRAY(SELECT e.ctid FROM w CROSS JOIN LATERAL (
            SELECT ctid FROM initiatives_change WHERE initiative_id = w.id AND txid = $1 OFFSET 0) e))
        RETURNING initiative_id, before
    ),
    -- The state before the transaction: the row's earlier entry in it, if any, else the row
    -- before this statement; and the state after. Each Feature parsed once (jsonb).
    s AS MATERIALIZED (
        SELECT w.*, x.before, x.after, x.before::jsonb AS b, x.after::jsonb AS a
        FROM w LEFT JOIN prior p ON p.initiative_id = w.id,
             LATERAL (SELECT CASE WHEN p.initiative_id IS NOT NULL THEN p.before
                                  WHEN w.o_status = 'published' THEN w.o_feature END AS before,
                             CASE WHEN w.n_status = 'published' THEN w.n_feature END AS after) x
        WHERE x.before IS NOT NULL OR x.after IS NOT NULL
    ),
    d AS MATERIALIZED (
        SELECT s.*,
               CASE WHEN s.before IS NULL THEN 'created' WHEN s.after IS NULL THEN 'removed' ELSE 'updated' END AS action,
               CASE WHEN s.before IS NOT NULL AND s.after IS NOT NULL THEN (
                   SELECT jsonb_object_agg(key, jsonb_build_object('before', bf.fields->key, 'after', af.fields->key))
                   FROM (SELECT change_fields(s.b) AS fields) AS bf, (SELECT change_fields(s.a) AS fields) AS af,
                        jsonb_object_keys(bf.fields || af.fields) AS key
                   WHERE bf.fields->key IS DISTINCT FROM af.fields->key) END AS diff,
               COALESCE(s.a, COALESCE(s.n_feature, s.o_feature)::jsonb) AS f
        FROM s
    )
    INSERT INTO initiatives_change (txid, initiative_id, slug, action, reason, merged_into, version, at, before,
                                    feature, diff, source, themes, networks, departments, regions)
    SELECT $1, d.id, d.f->'properties'->>'slug', d.action,
           CASE WHEN d.action <> 'removed' THEN '' WHEN d.n_status IS NULL THEN 'deleted'
                WHEN d.n_status = 'archived' AND d.n_merged_into_id IS NOT NULL THEN 'merged'
                WHEN d.n_status = 'archived' THEN 'archived' ELSE 'unpublished' END,
           CASE WHEN d.action = 'removed' AND d.n_status = 'archived' THEN d.n_merged_into_id END,
           (d.f->'properties'->>'version')::int, clock_timestamp(), d.before, d.after,
           d.diff, d.source,
           -- What the filters match: the initiative before and after, so that a partner
           -- following a theme also learns that an initiative left it.
           ARRAY(SELECT DISTINCT t->>'slug' FROM jsonb_array_elements(
                 COALESCE(d.b->'properties'->'themes', '[]') || COALESCE(d.a->'properties'->'themes', '[]')) t),
           ARRAY(SELECT DISTINCT n->>'slug' FROM jsonb_array_elements(
                 COALESCE(d.b->'properties'->'networks', '[]') || COALESCE(d.a->'properties'->'networks', '[]')) n),
           ARRAY(SELECT DISTINCT c FROM unnest(ARRAY[d.b->'properties'->>'department_code',
                 d.a->'properties'->>'department_code']) c WHERE c <> ''),
           ARRAY(SELECT DISTINCT c FROM unnest(ARRAY[d.b->'properties'->>'region_code',
                 d.a->'properties'->>'region_code']) c WHERE c <> '')
    FROM d
    WHERE d.action <> 'updated' OR d.diff IS NOT NULL  -- an update that changes nothing a partner sees: no row
    ORDER BY d.place
    $sql$, CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT row_number() OVER (), n.id, NULL::text, NULL::text, n.status, n.feature, n.merged_into_id, n.source FROM new_rows n'
        WHEN 'UPDATE' THEN 'SELECT row_number() OVER (), n.id, o.status, o.feature, n.status, n.feature, n.merged_into_id, n.source
                            FROM new_rows n JOIN old_rows o ON o.id = n.id'
        ELSE 'SELECT row_number() OVER (), o.id, o.status, o.feature, NULL::text, NULL::text, NULL::bigint, o.source FROM old_rows o'
    END) USING pg_current_xact_id()::text::bigint;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS initiative_log_change ON initiatives_initiative;
CREATE OR REPLACE TRIGGER initiative_log_change_insert AFTER INSERT ON initiatives_initiative
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION initiative_log_change();
CREATE OR REPLACE TRIGGER initiative_log_change_update AFTER UPDATE ON initiatives_initiative
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION initiative_log_change();
CREATE OR REPLACE TRIGGER initiative_log_change_delete AFTER DELETE ON initiatives_initiative
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION initiative_log_change();
