"""The map's grid: the cells that clusters (/api/v1/clusters/) and low-zoom vector tiles
group initiatives into, and the table that keeps them per dataset version.

A cell of level L is a Web Mercator tile of zoom L. At map zoom z the clusters are the cells
of level z + 2: 64 screen pixels, 4 × 4 to a tile, so a tile's clusters and the API's are the
same cells. Cells nest (a cell of level L is 2 × 2 cells of level L + 1), so every level up to
BUILT_LEVEL is summed from the one below it.

Grouping every published point on each request cost a read of the whole table: 1.2 s for the
France view at 1M initiatives. The unfiltered map — what nearly every visitor sees — instead
reads the cells already summed in `initiatives_map_cell`, brought up to date by the first
request that finds them older than the dataset: a trigger logs the positions each write
touches (initiatives/sql/map_cells.sql), and only their cells, and the cells above them, are
recomputed (a whole rebuild, one pass over a narrow covering index, took 5 s at 1M).
A filtered view groups its own points with the very same cell arithmetic, so both give the
same clusters. A request's bbox selects whole cells: a cluster counts all its initiatives,
whatever part of it the view shows."""

import math

from django.db import DEFAULT_DB_ALIAS, connection, transaction

from project.replicas import read_alias, reading

BUILT_LEVEL = 13  # kept in the table: map zoom ≤ 11, tiles z ≤ 11
LOWEST_LEVEL = 2  # map zoom 0
ZOOM_TO_LEVEL = 2  # 64-pixel cells
MAX_LAT = math.degrees(math.atan(math.sinh(math.pi)))  # Web Mercator's edge, 85.0511…
LOCK_KEY = 0x6D61705F63656C6C  # "map_cell": one rebuild at a time

TABLE = "initiatives_map_cell"
STATE_TABLE = "initiatives_map_cell_state"
DIRTY_TABLE = "initiatives_map_cell_dirty"  # the positions written since the last refresh
# Past this many touched cells of the built level (a large import), one whole rebuild costs
# less than recomputing them one by one.
MAX_CELLS_TO_REFRESH = 5000
POINTS = (
    "SELECT id, location FROM initiatives_initiative"
    " WHERE status = 'published' AND location IS NOT NULL"
)


def _coordinates(points_sql):
    """The points of `points_sql` (id, location) as (id, lon, lat), each read once: OFFSET 0
    keeps PostgreSQL from inlining ST_X/ST_Y into every expression that uses them (the
    grouping took twice as long)."""
    return f"(SELECT q.id, ST_X(q.location) AS lon, ST_Y(q.location) AS lat FROM ({points_sql}) AS q OFFSET 0)"


def _fraction_sql(lon, lat):
    """(x, y) of the point (lon, lat: SQL) as fractions of the Mercator square, 0 at the
    west/north."""
    lat = f"radians(LEAST(GREATEST({lat}, {-MAX_LAT}), {MAX_LAT}))"
    return (
        f"(({lon} + 180) / 360)",
        f"((1 - ln(tan({lat}) + 1 / cos({lat})) / pi()) / 2)",
    )


def cell_sql(level, lon="p.lon", lat="p.lat"):
    """SQL for the (gx, gy) of the point (lon, lat: SQL) at `level`. Below BUILT_LEVEL it is
    the built level's cell shifted, exactly the arithmetic that built the table."""
    top = max(level, BUILT_LEVEL)
    size, shift = 2**top, top - level
    fx, fy = _fraction_sql(lon, lat)
    return tuple(
        f"(LEAST(GREATEST(floor({f} * {size}), 0), {size - 1})::int >> {shift})" for f in (fx, fy)
    )


def world_fraction(lon, lat):
    """(x, y) of a point as fractions of the Web Mercator world: 0 at the west and north edges."""
    lat = math.radians(min(max(lat, -MAX_LAT), MAX_LAT))
    return (lon + 180) / 360, (1 - math.log(math.tan(lat) + 1 / math.cos(lat)) / math.pi) / 2


def cell_of(level, lon, lat):
    """(gx, gy) of a point at `level`, in Python, as cell_sql computes it."""
    top = max(level, BUILT_LEVEL)
    size, shift = 2**top, top - level
    return tuple(min(max(math.floor(f * size), 0), size - 1) >> shift for f in world_fraction(lon, lat))


def cell_range(level, bbox=None):
    """(gx0, gx1, gy0, gy1), inclusive: the cells of `level` that a bbox touches (all without)."""
    if bbox is None:
        return 0, 2**level - 1, 0, 2**level - 1
    min_lon, min_lat, max_lon, max_lat = bbox
    gx0, gy0 = cell_of(level, min_lon, max_lat)  # y grows southward
    gx1, gy1 = cell_of(level, max_lon, min_lat)
    return gx0, gx1, gy0, gy1


def view_cells(level, centre, width, height):
    """(gx0, gx1, gy0, gy1), inclusive: the cells of `level` under a map of width × height
    screen pixels centred on `centre` (world_fraction) at map zoom level − ZOOM_TO_LEVEL (a
    cell is 64 pixels). A smaller map with the same centre asks for cells within these."""
    cell = 256 / 2**ZOOM_TO_LEVEL
    n = 2**level
    fx, fy = (f * n for f in centre)
    half_x, half_y = width / 2 / cell, height / 2 / cell
    return (max(math.floor(fx - half_x), 0), min(math.floor(fx + half_x), n - 1),
            max(math.floor(fy - half_y), 0), min(math.floor(fy + half_y), n - 1))  # fmt: skip


def cell_bounds(level, gx0, gx1, gy0, gy1):
    """(min_lon, min_lat, max_lon, max_lat) covering the cells, edges included."""
    n = 2**level

    def lat(y):
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / n))))

    return gx0 / n * 360 - 180, lat(gy1 + 1), (gx1 + 1) / n * 360 - 180, lat(gy0)


CELL_COLUMNS = "n, sum_lon, sum_lat, min_lon, min_lat, max_lon, max_lat, one_id"


def grouped_cells_sql(points_sql, level, gx0, gx1, gy0, gy1):
    """SQL (and params) grouping the points of `points_sql` (id, location) into the cells of
    `level` within the range, with the columns of the table (CELL_COLUMNS, gx, gy). The points
    are read in the range's box (the published points' covering GiST index serves it alone),
    and each point's cell is computed once (OFFSET 0 again): the Mercator arithmetic, repeated
    in the range test and the grouping, cost more than reading the points."""
    gx, gy = cell_sql(level)
    bounds = cell_bounds(level, gx0, gx1, gy0, gy1)
    in_range = (
        f"SELECT * FROM ({points_sql}) AS r"
        " WHERE r.location && ST_Expand(ST_MakeEnvelope(%s, %s, %s, %s, 4326), 1e-9)"
    )
    sql = f"""
        SELECT count(*) AS n, sum(c.lon) AS sum_lon, sum(c.lat) AS sum_lat,
               min(c.lon) AS min_lon, min(c.lat) AS min_lat, max(c.lon) AS max_lon, max(c.lat) AS max_lat,
               min(c.id) AS one_id, c.gx, c.gy
        FROM (SELECT p.id, p.lon, p.lat, {gx} AS gx, {gy} AS gy FROM {_coordinates(in_range)} AS p OFFSET 0) AS c
        WHERE c.gx BETWEEN %s AND %s AND c.gy BETWEEN %s AND %s
        GROUP BY c.gx, c.gy
    """
    return sql, [*bounds, gx0, gx1, gy0, gy1]


def stored_cells_sql(level, gx0, gx1, gy0, gy1):
    """SQL (and params) reading the table's cells of `level` within the range."""
    sql = f"""
        SELECT {CELL_COLUMNS}, gx, gy FROM {TABLE}
        WHERE level = %s AND gx BETWEEN %s AND %s AND gy BETWEEN %s AND %s
    """
    return sql, [level, gx0, gx1, gy0, gy1]


def is_current(state):
    """Whether the table holds the cells of the dataset at `state` (a DatasetState)."""
    with reading().cursor() as cursor:
        cursor.execute(f"SELECT version, changed_at FROM {STATE_TABLE} WHERE id = 1")
        return tuple(cursor.fetchone() or ()) == (state.version, state.changed_at)


def refresh():
    """Bring the cells up to the dataset, unless another process is at it (then False: its
    caller groups its own points this time). Only the cells whose points writes touched are
    recomputed, from the points, and the cells above them re-summed; without a recorded state
    (a new table, a TRUNCATE, bench.generate) or after a large import, every cell is rebuilt.

    Exact under concurrent writes, in READ COMMITTED: the dataset version recorded is read
    before the log is emptied, and the points after it. A write committed in between is in
    the recomputed cells and its version is newer than the recorded one (the next refresh
    finds nothing to do); a write committed later keeps its log rows for the next refresh.
    A request reading from a replica cannot write: it groups its points there."""
    if read_alias() != DEFAULT_DB_ALIAS:
        return False
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK_KEY])
        if not cursor.fetchone()[0]:
            return False
        cursor.execute(f"SELECT EXISTS (SELECT FROM {STATE_TABLE})")
        if not cursor.fetchone()[0]:
            _rebuild(cursor)
            return True
        cursor.execute("SELECT version, changed_at FROM initiatives_dataset WHERE id = 1")
        version, changed_at = cursor.fetchone()
        gx, gy = cell_sql(BUILT_LEVEL, "d.lon", "d.lat")
        cursor.execute(f"""
            WITH d AS (DELETE FROM {DIRTY_TABLE} RETURNING lon, lat)
            SELECT DISTINCT {gx}, {gy} FROM d
        """)  # fmt: skip
        cells = cursor.fetchall()
        if len(cells) > MAX_CELLS_TO_REFRESH:
            _rebuild(cursor)
            return True
        level = BUILT_LEVEL
        while cells and level >= LOWEST_LEVEL:
            _recompute(cursor, level, cells)
            level -= 1
            cells = sorted({(x >> 1, y >> 1) for x, y in cells})
        cursor.execute(f"""
            INSERT INTO {STATE_TABLE} (id, version, changed_at) VALUES (1, %s, %s)
            ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, changed_at = EXCLUDED.changed_at
        """, [version, changed_at])  # fmt: skip
    return True


def _recompute(cursor, level, cells):
    """Replace the cells (gx, gy) of `level`: from the points at the built level, from the
    cells below elsewhere. A cell left empty is deleted, not kept with n = 0."""
    xs, ys = [x for x, _ in cells], [y for _, y in cells]
    touched = "unnest(%s::int[], %s::int[]) AS d(gx, gy)"
    cursor.execute(f"""
        DELETE FROM {TABLE} c USING {touched}
        WHERE c.level = %s AND c.gx = d.gx AND c.gy = d.gy
    """, [xs, ys, level])  # fmt: skip
    if level == BUILT_LEVEL:
        # Each touched cell's points, found by the GiST index in the cell's box (widened by a
        # hair), kept if the cell arithmetic puts them in that very cell.
        size = 2**level
        west, east = f"(d.gx::float8 / {size} * 360 - 180)", f"((d.gx + 1)::float8 / {size} * 360 - 180)"
        # The first and last rows also hold the points beyond Mercator's edge (clamped).
        north = f"CASE WHEN d.gy = 0 THEN 90 ELSE degrees(atan(sinh(pi() * (1 - 2 * d.gy::float8 / {size})))) END"
        south = (f"CASE WHEN d.gy = {size - 1} THEN -90"
                 f" ELSE degrees(atan(sinh(pi() * (1 - 2 * (d.gy + 1)::float8 / {size})))) END")  # fmt: skip
        gx, gy = cell_sql(level)
        cursor.execute(f"""
            INSERT INTO {TABLE} (level, gx, gy, {CELL_COLUMNS})
            SELECT %s, d.gx, d.gy, count(*), sum(p.lon), sum(p.lat),
                   min(p.lon), min(p.lat), max(p.lon), max(p.lat), min(p.id)
            FROM {touched}
            CROSS JOIN LATERAL {_coordinates(
                POINTS + f" AND location && ST_Expand(ST_MakeEnvelope({west}, {south}, {east}, {north}, 4326), 1e-9)"
            )} AS p
            WHERE {gx} = d.gx AND {gy} = d.gy
            GROUP BY d.gx, d.gy
        """, [level, xs, ys])  # fmt: skip
    else:
        cursor.execute(f"""
            INSERT INTO {TABLE} (level, gx, gy, {CELL_COLUMNS})
            SELECT %s, d.gx, d.gy, sum(c.n), sum(c.sum_lon), sum(c.sum_lat),
                   min(c.min_lon), min(c.min_lat), max(c.max_lon), max(c.max_lat), min(c.one_id)
            FROM {touched}
            JOIN {TABLE} c ON c.level = %s AND c.gx BETWEEN d.gx * 2 AND d.gx * 2 + 1
                           AND c.gy BETWEEN d.gy * 2 AND d.gy * 2 + 1
            GROUP BY d.gx, d.gy
        """, [level, xs, ys, level + 1])  # fmt: skip


def _rebuild(cursor):
    """Every cell, summed anew from every published point; the built level and the state it
    records come from one statement, so from one snapshot of the data."""
    gx, gy = cell_sql(BUILT_LEVEL)
    cursor.execute(f"DELETE FROM {DIRTY_TABLE}")
    cursor.execute(f"DELETE FROM {TABLE}")
    cursor.execute(f"""
        WITH built AS (
            INSERT INTO {TABLE} (level, gx, gy, {CELL_COLUMNS})
            SELECT {BUILT_LEVEL}, {gx}, {gy}, count(*), sum(p.lon), sum(p.lat),
                   min(p.lon), min(p.lat), max(p.lon), max(p.lat), min(p.id)
            FROM {_coordinates(POINTS)} AS p
            GROUP BY 2, 3
            RETURNING 1
        )
        INSERT INTO {STATE_TABLE} (id, version, changed_at)
        SELECT 1, version, changed_at FROM initiatives_dataset WHERE id = 1
        ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, changed_at = EXCLUDED.changed_at
    """)  # fmt: skip
    for level in range(BUILT_LEVEL - 1, LOWEST_LEVEL - 1, -1):
        cursor.execute(f"""
            INSERT INTO {TABLE} (level, gx, gy, {CELL_COLUMNS})
            SELECT %s, gx >> 1, gy >> 1, sum(n), sum(sum_lon), sum(sum_lat),
                   min(min_lon), min(min_lat), max(max_lon), max(max_lat), min(one_id)
            FROM {TABLE} WHERE level = %s GROUP BY 2, 3
        """, [level, level + 1])  # fmt: skip


def stored_cells_ready(state):
    """Whether the table may answer for the dataset at `state`: current, or just refreshed."""
    return is_current(state) or refresh()


def order_heap_spatially():
    """Rewrite the initiatives' table in spatial order, so that the rows of a bbox sit on few
    pages: a 1,000-Feature page then reads a few dozen heap pages instead of ~1,000 (ids are
    not spatial). The order is the geohash's Z curve, through a btree made for the rewrite
    and dropped after it (CLUSTER on the GiST index keeps each leaf page in insertion order).
    New rows go at the end, so it is worth re-running after large imports. The table is
    locked, reads included, while it is rewritten: a few minutes at 1M initiatives."""
    with transaction.atomic(), connection.cursor() as cursor:
        # Foreign keys are checked at commit (Django's are deferred): a caller's writes in this
        # transaction leave pending checks, with which PostgreSQL refuses to rewrite the table.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("CREATE INDEX initiative_heap_order ON initiatives_initiative (ST_GeoHash(location, 10))")
        cursor.execute("CLUSTER initiatives_initiative USING initiative_heap_order")
        cursor.execute("DROP INDEX initiative_heap_order")
        # The tiles' narrow copy of the points (migration 0026) likewise.
        cursor.execute("CREATE INDEX tile_point_order ON initiatives_tile_point (ST_GeoHash(location, 10))")
        cursor.execute("CLUSTER initiatives_tile_point USING tile_point_order")
        cursor.execute("DROP INDEX tile_point_order")
    # VACUUM marks the rewritten pages all-visible, without which the covering index of the
    # points is not read alone (a cell rebuild at 100k: 210 ms instead of 630). It cannot run
    # inside a transaction block: inside a caller's, the statistics are all it refreshes.
    with connection.cursor() as cursor:
        for table in ("initiatives_initiative", "initiatives_tile_point"):
            cursor.execute(f"ANALYZE {table}" if connection.in_atomic_block else f"VACUUM (ANALYZE) {table}")
