"""Mapbox Vector Tiles of published initiatives, built by PostGIS (ST_AsMVT).

Two layers, by zoom:
- below CLUSTERS_UNTIL_ZOOM + 1 (z 0–11), `clusters`: the tile is cut into a 4 × 4 grid of
  cells (64 screen pixels of a 256-pixel tile) and each non-empty cell is one point at the mean
  position of its initiatives, with `count` (and, for a cell of one, that initiative's `id`,
  `slug`, `name` and `kind`). Cells nest in tiles, so every initiative is counted in exactly one
  cell of one tile at each zoom;
- from z 12, `initiatives`: one point each, with `id`, `slug`, `name`, `kind`, `commune` and
  `themes` (slugs, comma-separated, in legend order), plus a 64/4096 buffer so that symbols
  that cross a tile edge are drawn whole.
The rows come from a queryset (the API's filters), narrowed to the tile by the location index."""

import math

from django.db import connection

from .models import Initiative, Theme

EXTENT = 4096  # MVT units across a tile
BUFFER = 64  # MVT units drawn beyond each edge (initiatives layer)
CELL_ZOOM_STEP = 2  # cluster cells are the tiles two zooms down:
CELLS_PER_SIDE = 2**CELL_ZOOM_STEP  # 4 × 4 cells a tile, 64 px of a 256-px tile
CLUSTERS_UNTIL_ZOOM = 11
MAX_ZOOM = 22
MERCATOR_MAX_LAT = math.degrees(math.atan(math.sinh(math.pi)))  # 85.0511…


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


def _clusters_sql(inner_sql):
    # Cells in plain numbers, no projection per row: columns are even in longitude, rows
    # are cut at the latitudes of Web Mercator's grid (computed once, in Python). A tile
    # keeps lon0 ≤ lon < lon1 and lat0 ≤ lat < lat1, so tiles (and their cells) partition
    # the map: each initiative is in exactly one cell of one tile.
    return f"""
        WITH cells AS (
            SELECT count(*) AS n, min(f.id) AS one_id,
                   avg(ST_X(f.location)) AS lon, avg(ST_Y(f.location)) AS lat
            FROM ({inner_sql}) AS f
            WHERE ST_X(f.location) >= %(lon0)s AND ST_X(f.location) < %(lon1)s
              AND ST_Y(f.location) >= %(lat0)s AND ST_Y(f.location) < %(lat1)s
            GROUP BY floor((ST_X(f.location) - %(lon0)s) / %(cell_lon)s),
                     width_bucket(ST_Y(f.location), %(lat_edges)s::float8[])
        )
        SELECT ST_AsMVT(t, 'clusters', {EXTENT}, 'geom') FROM (
            SELECT cells.n AS count,
                   CASE WHEN cells.n = 1 THEN one.id END AS id, one.slug, one.name, one.kind,
                   ST_AsMVTGeom(ST_Transform(ST_SetSRID(ST_MakePoint(cells.lon, cells.lat), 4326), 3857),
                                ST_TileEnvelope(%(z)s, %(x)s, %(y)s), {EXTENT}, 0, false) AS geom
            FROM cells
            LEFT JOIN {Initiative._meta.db_table} one ON cells.n = 1 AND one.id = cells.one_id
        ) AS t
    """


def _initiatives_sql(inner_sql):
    through = Initiative.themes.through._meta.db_table
    # ST_AsMVT skips the rows whose geometry ST_AsMVTGeom clipped away (NULL): no WHERE that
    # would compute it twice. The theme ids are read by the index, their slugs from the small
    # themes table (a join per row cost more).
    return f"""
        SELECT ST_AsMVT(t, 'initiatives', {EXTENT}, 'geom', 'id') FROM (
            SELECT f.id, f.slug, f.name, f.kind, f.commune,
                   (SELECT string_agg(th.slug, ',' ORDER BY th.position, th.slug)
                    FROM {Theme._meta.db_table} th
                    WHERE th.id = ANY(ARRAY(SELECT it.theme_id FROM {through} it WHERE it.initiative_id = f.id))
                   ) AS themes,
                   ST_AsMVTGeom(ST_Transform(f.location, 3857), ST_TileEnvelope(%(z)s, %(x)s, %(y)s),
                                {EXTENT}, {BUFFER}, true) AS geom
            FROM ({inner_sql}) AS f
        ) AS t
    """


def initiatives_tile(queryset, z, x, y):
    """The MVT (bytes; empty when nothing is there) of `queryset`'s initiatives in tile z/x/y.
    One query."""
    located = queryset.filter(location__isnull=False).order_by()
    if z <= CLUSTERS_UNTIL_ZOOM:
        rows = located.in_bbox(*tile_bounds(z, x, y)).values("id", "location")
        build = _clusters_sql
    else:
        rows = located.in_bbox(*tile_bounds(z, x, y, margin=BUFFER / EXTENT))
        rows = rows.values("id", "slug", "name", "kind", "commune", "location")
        build = _initiatives_sql
    inner_sql, inner_params = rows.query.sql_with_params()
    lon0, lat0, lon1, lat1 = tile_bounds(z, x, y)
    named = {
        "z": z, "x": x, "y": y, "lon0": lon0, "lon1": lon1, "lat0": lat0, "lat1": lat1,
        "cell_lon": (lon1 - lon0) / CELLS_PER_SIDE,
        # Row edges, south to north: the latitudes of the cells' own tiles' edges.
        "lat_edges": [_lat((y + 1) * CELLS_PER_SIDE - i, z + CELL_ZOOM_STEP) for i in range(CELLS_PER_SIDE + 1)],
    }  # fmt: skip
    # The inner query's placeholders are positional (%s); the outer ones are named, so the
    # inner ones are renamed in order.
    for i in range(len(inner_params)):
        inner_sql = inner_sql.replace("%s", f"%(p{i})s", 1)
        named[f"p{i}"] = inner_params[i]
    with connection.cursor() as cursor:
        cursor.execute(build(inner_sql), named)
        tile = cursor.fetchone()[0]
    return bytes(tile) if tile is not None else b""
