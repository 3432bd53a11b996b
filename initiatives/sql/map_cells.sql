-- The map's cells (initiatives/map_cells.py) follow the writes: each write to a published,
-- located initiative logs the position it leaves and the one it takes, and the next refresh
-- recomputes only the cells of those positions (and the cells above them). A TRUNCATE
-- forgets the cells' state instead, which makes the next refresh a whole rebuild.
-- Once per statement, for all the rows it wrote (transition tables, paired by id; an UPDATE
-- trigger with them cannot name its columns, so the rows whose status and location stay are
-- left out here). Planned at each call (EXECUTE): the sizes of the transition tables vary.
CREATE OR REPLACE FUNCTION map_cell_log_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format($sql$
    INSERT INTO initiatives_map_cell_dirty (lon, lat)
    SELECT ST_X(p), ST_Y(p)
    FROM (%s) AS w(o_status, o_location, n_status, n_location),
         LATERAL (VALUES (CASE WHEN w.o_status = 'published' THEN w.o_location END),
                         (CASE WHEN w.n_status = 'published' THEN w.n_location END)) AS v(p)
    WHERE v.p IS NOT NULL
    $sql$, CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT NULL::text, NULL::geometry, status, location FROM new_rows'
        WHEN 'UPDATE' THEN 'SELECT o.status, o.location, n.status, n.location FROM new_rows n JOIN old_rows o ON o.id = n.id
                            WHERE o.status IS DISTINCT FROM n.status OR o.location IS DISTINCT FROM n.location'
        ELSE 'SELECT status, location, NULL::text, NULL::geometry FROM old_rows'
    END);
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS map_cell_log_write ON initiatives_initiative;
CREATE OR REPLACE TRIGGER map_cell_log_write_insert AFTER INSERT ON initiatives_initiative
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION map_cell_log_write();
CREATE OR REPLACE TRIGGER map_cell_log_write_update AFTER UPDATE ON initiatives_initiative
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION map_cell_log_write();
CREATE OR REPLACE TRIGGER map_cell_log_write_delete AFTER DELETE ON initiatives_initiative
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION map_cell_log_write();

CREATE OR REPLACE FUNCTION map_cell_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM initiatives_map_cell_state;
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER map_cell_forget AFTER TRUNCATE ON initiatives_initiative
    FOR EACH STATEMENT EXECUTE FUNCTION map_cell_forget();
