-- The vector tiles' narrow copy of the published, located initiatives (initiatives/tiles.py):
-- the few columns a tile carries, with the theme slugs already joined in legend order (read
-- from the stored Feature, so that they are the Feature's). A city's tile at z 14 (8,000
-- initiatives at 1M) then reads ~200 pages instead of ~9,000 (~2 kB rows, plus a themes
-- lookup per row). Kept by the writes themselves, in their transaction: always exact.
CREATE OR REPLACE FUNCTION tile_point_themes(feature text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
SELECT COALESCE(string_agg(t->>'slug', ',' ORDER BY n), '')
FROM json_array_elements(feature::json->'properties'->'themes') WITH ORDINALITY AS a(t, n)
$$;

CREATE OR REPLACE FUNCTION tile_point_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.status IS NOT DISTINCT FROM NEW.status AND OLD.location IS NOT DISTINCT FROM NEW.location
       AND OLD.slug = NEW.slug AND OLD.name = NEW.name AND OLD.kind = NEW.kind AND OLD.commune = NEW.commune
       AND OLD.feature IS NOT DISTINCT FROM NEW.feature THEN
        RETURN NULL;  -- nothing a tile shows (the Feature changes with the themes)
    END IF;
    IF TG_OP <> 'INSERT' AND (TG_OP = 'DELETE' OR NEW.status <> 'published' OR NEW.location IS NULL) THEN
        DELETE FROM initiatives_tile_point WHERE id = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = 'published' AND NEW.location IS NOT NULL THEN
        INSERT INTO initiatives_tile_point (id, location, slug, name, kind, commune, themes)
        VALUES (NEW.id, NEW.location, NEW.slug, NEW.name, NEW.kind, NEW.commune, tile_point_themes(NEW.feature))
        ON CONFLICT (id) DO UPDATE SET location = EXCLUDED.location, slug = EXCLUDED.slug, name = EXCLUDED.name,
            kind = EXCLUDED.kind, commune = EXCLUDED.commune, themes = EXCLUDED.themes;
    END IF;
    RETURN NULL;
END $$;
-- No UPDATE OF column list: the Feature is set by a BEFORE trigger, which such a list ignores.
CREATE OR REPLACE TRIGGER tile_point_follow AFTER INSERT OR UPDATE OR DELETE ON initiatives_initiative FOR EACH ROW EXECUTE FUNCTION tile_point_follow();

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
