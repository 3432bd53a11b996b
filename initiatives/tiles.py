"""Mapbox Vector Tiles of published initiatives, built by PostGIS (ST_AsMVT).

Two layers, by zoom:
- below CLUSTERS_UNTIL_ZOOM + 1 (z 0–11), `clusters`: the tile is cut into a 4 × 4 grid of
  cells (64 screen pixels of a 256-pixel tile) and each non-empty cell is one point at the mean
  position of its initiatives, with `count` (and, for a cell of one, that initiative's `id`,
  `slug`, `name` and `kind`). They are the map's cells (map_cells), /api/v1/clusters/'s too;
  they nest in tiles, so every initiative is counted in exactly one cell of one tile a zoom;
- from z 12, `initiatives`: one point each, with `id`, `slug`, `name`, `kind`, `commune` and
  `themes` (slugs, comma-separated, in legend order), plus a 64/4096 buffer so that symbols
  that cross a tile edge are drawn whole. Read from the narrow copy of the published points
  (TILE_POINTS), kept exact by a trigger; a filtered tile takes its ids from the queryset.
The rows come from a queryset (the API's filters), narrowed to the tile by the location index."""

import math

from project.replicas import reading

from . import map_cells
from .models import Initiative
from .selectors import per_dataset_version

EXTENT = 4096  # MVT units across a tile
BUFFER = 64  # MVT units drawn beyond each edge (initiatives layer)
CELL_ZOOM_STEP = map_cells.ZOOM_TO_LEVEL  # cluster cells are the tiles two zooms down:
CELLS_PER_SIDE = 2**CELL_ZOOM_STEP  # 4 × 4 cells a tile, 64 px of a 256-px tile
CLUSTERS_UNTIL_ZOOM = 11
MAX_ZOOM = 22
MERCATOR_MAX_LAT = math.degrees(math.atan(math.sinh(math.pi)))  # 85.0511…
TILE_POINTS = "initiatives_tile_point"  # migration 0026, kept by initiatives/sql/tile_points.sql


def tile_exists(z, x, y):
    return 0 <= z <= MAX_ZOOM and 0 <= x < 2**z and 0 <= y < 2**z


def _lon(x, z):
    return x / 2**z * 360 - 180


def _lat(y, z):
    return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / 2**z))))


def tile_bounds(z, x, y, *, margin=0.0):
    """(min_lon, min_lat, max_lon, max_lat) of the tile, widened by `margin` tiles each side."""
    min_lon, max_lon = _lon(x - margin, z), _lon(x + 1 + margin, z)
    max_lat, min_lat = _lat(max(y - margin, 0), z), _lat(min(y + 1 + margin, 2**z), z)
    return max(min_lon, -180.0), max(min_lat, -90.0), min(max_lon, 180.0), min(max_lat, 90.0)


def _clusters_sql(cells_sql, current_sql):
    # The cells of map_cells: the tile's own 4 × 4, already partitioning the map. A cell of one
    # names its initiative. The flag says whether stored cells were current (see
    # selectors._cluster_rows); the aggregate always gives one row.
    return f"""
        WITH current AS (SELECT {current_sql} AS yes),
             cells AS (SELECT * FROM ({cells_sql}) AS c WHERE (SELECT yes FROM current))
        SELECT (SELECT yes FROM current), ST_AsMVT(t, 'clusters', {EXTENT}, 'geom') FROM (
            SELECT cells.n AS count,
                   CASE WHEN cells.n = 1 THEN one.id END AS id, one.slug, one.name, one.kind,
                   ST_AsMVTGeom(ST_Transform(ST_SetSRID(ST_MakePoint(cells.sum_lon / cells.n, cells.sum_lat / cells.n), 4326), 3857),
                                ST_TileEnvelope(%(z)s, %(x)s, %(y)s), {EXTENT}, 0, false) AS geom
            FROM cells
            LEFT JOIN {Initiative._meta.db_table} one ON cells.n = 1 AND one.id = cells.one_id
        ) AS t
    """


def _initiatives_sql(ids_sql):
    # From the narrow copy (initiatives/sql/tile_points.sql): ~150-byte rows in spatial order,
    # the theme slugs already joined, where the wide table cost a page and a themes lookup per
    # row. `ids_sql` (the queryset's ids in the tile, or None for every published initiative)
    # keeps the API's filters exact. ST_AsMVT skips the rows whose geometry ST_AsMVTGeom
    # clipped away (NULL): no WHERE that would compute it twice.
    only = f"AND p.id IN ({ids_sql})" if ids_sql else ""
    return f"""
        SELECT ST_AsMVT(t, 'initiatives', {EXTENT}, 'geom', 'id') FROM (
            SELECT p.id, p.slug, p.name, p.kind, p.commune, p.themes,
                   ST_AsMVTGeom(ST_Transform(p.location, 3857), ST_TileEnvelope(%(z)s, %(x)s, %(y)s),
                                {EXTENT}, {BUFFER}, true) AS geom
            FROM {TILE_POINTS} p
            WHERE p.location && ST_MakeEnvelope(%(w)s, %(s)s, %(e)s, %(n)s, 4326) {only}
        ) AS t
    """


def _named(sql, params, prefix):
    """Positional placeholders (%s) renamed in order, for a statement whose others are named."""
    named = {}
    for i, value in enumerate(params):
        sql = sql.replace("%s", f"%({prefix}{i})s", 1)
        named[f"{prefix}{i}"] = value
    return sql, named


def _execute(sql, named):
    with reading().cursor() as cursor:
        cursor.execute(sql, named)
        return cursor.fetchone()


def _initiatives_layer(located, named, *, every_published):
    bounds = tile_bounds(named["z"], named["x"], named["y"], margin=BUFFER / EXTENT)
    box = dict(zip("wsen", bounds))
    if every_published:
        ids_sql, ids_named = None, {}
    else:
        ids_sql, ids_named = _named(*located.in_bbox(*bounds).values("id").query.sql_with_params(), "p")
    tile = _execute(_initiatives_sql(ids_sql), {**named, **box, **ids_named})[0]
    return bytes(tile) if tile is not None else b""


def initiatives_tile(queryset, z, x, y, *, dataset=None):
    """The MVT (bytes; empty when nothing is there) of `queryset`'s initiatives in tile z/x/y.
    Pass `dataset` (its DatasetState) only when `queryset` is every published initiative: a
    low-zoom tile then reads its cells already summed, a high-zoom one is built once per
    dataset version by each process. One query at most."""
    located = queryset.filter(location__isnull=False).order_by()
    named = {"z": z, "x": x, "y": y}
    if z > CLUSTERS_UNTIL_ZOOM:
        if dataset is None:
            return _initiatives_layer(located, named, every_published=False)
        # Encoding a city's tile (8,000 initiatives at 1M, 0.8 MB) takes longer than anything
        # else the map asks for, and the tile only changes with the dataset: keep it per version.
        return per_dataset_version(f"tile:{z}/{x}/{y}", lambda: _initiatives_layer(located, named, every_published=True),
                                   state=dataset, cache_alias="tiles")  # fmt: skip
    level = z + CELL_ZOOM_STEP
    cells = (x * CELLS_PER_SIDE, (x + 1) * CELLS_PER_SIDE - 1, y * CELLS_PER_SIDE, (y + 1) * CELLS_PER_SIDE - 1)
    if dataset is not None:
        stored_sql, stored_named = _named(*map_cells.stored_cells_sql(level, *cells), "c")
        current_sql = (f"EXISTS (SELECT FROM {map_cells.STATE_TABLE}"
                       " WHERE id = 1 AND version = %(version)s AND changed_at = %(changed_at)s)")  # fmt: skip
        state = {"version": dataset.version, "changed_at": dataset.changed_at}
        for _attempt in range(2):
            current, tile = _execute(_clusters_sql(stored_sql, current_sql), {**named, **stored_named, **state})
            if current:
                return bytes(tile) if tile is not None else b""
            if not map_cells.refresh():
                break
    points_sql, points_params = located.values("id", "location").query.sql_with_params()
    grouped_sql, grouped_params = map_cells.grouped_cells_sql(points_sql, level, *cells)
    grouped_sql, grouped_named = _named(grouped_sql, [*points_params, *grouped_params], "p")
    tile = _execute(_clusters_sql(grouped_sql, "true"), {**named, **grouped_named})[1]
    return bytes(tile) if tile is not None else b""
