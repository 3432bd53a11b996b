-- The map's cells (initiatives/map_cells.py) follow the writes: each write to a published,
-- located initiative logs the position it leaves and the one it takes, and the next refresh
-- recomputes only the cells of those positions (and the cells above them). A TRUNCATE
-- forgets the cells' state instead, which makes the next refresh a whole rebuild.
CREATE OR REPLACE FUNCTION map_cell_log_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.status IS NOT DISTINCT FROM NEW.status
       AND OLD.location IS NOT DISTINCT FROM NEW.location THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' AND OLD.status = 'published' AND OLD.location IS NOT NULL THEN
        INSERT INTO initiatives_map_cell_dirty (lon, lat) VALUES (ST_X(OLD.location), ST_Y(OLD.location));
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = 'published' AND NEW.location IS NOT NULL THEN
        INSERT INTO initiatives_map_cell_dirty (lon, lat) VALUES (ST_X(NEW.location), ST_Y(NEW.location));
    END IF;
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER map_cell_log_write AFTER INSERT OR DELETE OR UPDATE OF status, location ON initiatives_initiative
    FOR EACH ROW EXECUTE FUNCTION map_cell_log_write();

CREATE OR REPLACE FUNCTION map_cell_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM initiatives_map_cell_state;
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER map_cell_forget AFTER TRUNCATE ON initiatives_initiative
    FOR EACH STATEMENT EXECUTE FUNCTION map_cell_forget();
