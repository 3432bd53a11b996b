-- The vector tiles' narrow copy of the published, located initiatives (initiatives/tiles.py):
-- the few columns a tile carries, with the theme slugs already joined in legend order (read
-- from the stored Feature, so that they are the Feature's). A city's tile at z 14 (8,000
-- initiatives at 1M) then reads ~200 pages instead of ~9,000 (~2 kB rows, plus a themes
-- lookup per row). Kept by the writes themselves, in their transaction: always exact.
-- The Feature parsed once, as jsonb: each step of a path into `json` parses the text again
-- (a third of what a bulk import's tile points cost).
CREATE OR REPLACE FUNCTION tile_point_themes(feature text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
SELECT COALESCE(string_agg(t->>'slug', ',' ORDER BY n), '')
FROM jsonb_array_elements(feature::jsonb->'properties'->'themes') WITH ORDINALITY AS a(t, n)
$$;

-- Once per statement, for all the rows it wrote (transition tables, paired by id): rows that
-- leave the published, located set leave the copy, the others are written into it. An update
-- of nothing a tile shows is left out (the Feature changes with the themes). Planned at each
-- call (EXECUTE): the sizes of the transition tables vary.
CREATE OR REPLACE FUNCTION tile_point_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        EXECUTE 'DELETE FROM initiatives_tile_point t USING old_rows o WHERE t.id = o.id';
        RETURN NULL;
    END IF;
    EXECUTE format($sql$
    WITH w AS MATERIALIZED (%s),
    gone AS (
        DELETE FROM initiatives_tile_point t USING w
        WHERE t.id = w.id AND (w.status <> 'published' OR w.location IS NULL)
    )
    INSERT INTO initiatives_tile_point (id, location, slug, name, kind, commune, themes)
    SELECT id, location, slug, name, kind, commune, tile_point_themes(feature)
    FROM w WHERE status = 'published' AND location IS NOT NULL
    ON CONFLICT (id) DO UPDATE SET location = EXCLUDED.location, slug = EXCLUDED.slug, name = EXCLUDED.name,
        kind = EXCLUDED.kind, commune = EXCLUDED.commune, themes = EXCLUDED.themes
    $sql$, CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT * FROM new_rows'
        ELSE 'SELECT n.* FROM new_rows n JOIN old_rows o ON o.id = n.id
              WHERE o.status IS DISTINCT FROM n.status OR o.location IS DISTINCT FROM n.location OR o.slug <> n.slug
                 OR o.name <> n.name OR o.kind <> n.kind OR o.commune <> n.commune OR o.feature IS DISTINCT FROM n.feature'
    END);
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS tile_point_follow ON initiatives_initiative;
CREATE OR REPLACE TRIGGER tile_point_follow_insert AFTER INSERT ON initiatives_initiative
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tile_point_follow();
CREATE OR REPLACE TRIGGER tile_point_follow_update AFTER UPDATE ON initiatives_initiative
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tile_point_follow();
CREATE OR REPLACE TRIGGER tile_point_follow_delete AFTER DELETE ON initiatives_initiative
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tile_point_follow();

CREATE OR REPLACE FUNCTION tile_point_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE initiatives_tile_point;
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER tile_point_forget AFTER TRUNCATE ON initiatives_initiative
    FOR EACH STATEMENT EXECUTE FUNCTION tile_point_forget();

-- The whole copy again, in spatial order (the geohash's Z curve, so that a tile's rows sit on
-- few pages): by migration 0026, and after writes made with the triggers off (bench.generate).
CREATE OR REPLACE FUNCTION tile_point_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE initiatives_tile_point;
    INSERT INTO initiatives_tile_point (id, location, slug, name, kind, commune, themes)
    SELECT id, location, slug, name, kind, commune, tile_point_themes(feature)
    FROM initiatives_initiative WHERE status = 'published' AND location IS NOT NULL
    ORDER BY ST_GeoHash(location, 10);
END $$;
