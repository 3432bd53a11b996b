"""The read path of the map, the API and the exports: GeoJSON Features come out of PostgreSQL
already built (the `feature` column kept by triggers, initiatives/sql/), and are concatenated
without being parsed. One query per page; exports stream through a server-side cursor so
memory stays flat whatever the size of the dataset."""

from django.core.cache import caches
from django.db import connection
from django.db.models import TextField
from django.db.models.expressions import RawSQL
from psycopg.adapt import Loader

from .dataset import dataset_state

FEATURE = RawSQL("initiatives_initiative.feature", [], output_field=TextField())


def per_dataset_version(name, compute, *, state=None):
    """compute(), remembered by this process until the dataset changes. Aggregates over the
    whole map (counts, the biggest networks) take hundreds of milliseconds at 100k
    initiatives, and every write to the published data bumps the dataset version (a
    trigger), so a remembered value is never stale. The database's identity is in the key
    too, so a database restored from a backup, whose version may go back, is not mistaken
    for one already seen. The value must not depend on the request (language, host)."""
    state = state or dataset_state()
    key = f"{name}:{state.identity}:{state.version}:{state.changed_at.timestamp()}"
    cache = caches["dataset"]
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value)
    return value


def _feature_sql(queryset):
    sql, params = queryset.annotate(_feature=FEATURE).values_list("_feature").query.sql_with_params()
    return sql, params


class _Utf8Bytes(Loader):
    """Text columns as the UTF-8 bytes PostgreSQL sent: the Features go to the response
    without being decoded and encoded again."""

    def load(self, data):
        return bytes(data)


def feature_page(queryset, *, offset, limit):
    """The stored Features of one page of `queryset`, in its order, as UTF-8 bytes, and
    whether another page follows. One query: it reads one row more than the page to know."""
    sql, params = _feature_sql(queryset[offset : offset + limit + 1])
    with connection.cursor() as cursor:
        cursor.cursor.adapters.register_loader("text", _Utf8Bytes)
        cursor.execute(sql, params)
        rows = [row[0] for row in cursor.fetchall()]
    return rows[:limit], len(rows) > limit


def feature_of(queryset):
    """The stored Feature (UTF-8 JSON bytes) of the single initiative `queryset` selects, or None."""
    rows, _ = feature_page(queryset, offset=0, limit=1)
    return rows[0] if rows else None


def iter_feature_chunks(queryset, *, chunk_size=2000):
    """Yield lists of stored Features, `chunk_size` at a time, from a server-side cursor."""
    sql, params = _feature_sql(queryset)
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(chunk_size):
            yield [row[0] for row in rows]


CLUSTER_CELL_PIXELS = 80
UNCLUSTERED_FROM_ZOOM = 16


def clustered_features(queryset, *, zoom):
    """The map's view of `queryset` at `zoom`: initiatives that share a grid cell of about
    80 screen pixels are grouped into one cluster Feature (count, centre, bbox); a cell
    holding a single initiative gives that initiative's stored Feature. Grouping happens
    in PostGIS, so the France view at 100k initiatives ships a few hundred Features."""
    if zoom >= UNCLUSTERED_FROM_ZOOM:
        rows, _ = feature_page(queryset.filter(location__isnull=False), offset=0, limit=10_000)
        return rows
    cell = CLUSTER_CELL_PIXELS * 360 / (256 * 2**zoom)  # degrees of longitude
    inner_sql, params = (
        queryset.filter(location__isnull=False).order_by().values("id", "location").query.sql_with_params()
    )
    # Cells are grouped on plain numbers (no geometry per row), and a lone initiative's stored
    # Feature is read by a subquery, so only for the cells that hold one.
    sql = f"""
        WITH cells AS (
            SELECT count(*) AS n, min(f.id) AS one_id,
                   avg(ST_X(f.location)) AS cx, avg(ST_Y(f.location)) AS cy,
                   min(ST_X(f.location)) AS x0, min(ST_Y(f.location)) AS y0,
                   max(ST_X(f.location)) AS x1, max(ST_Y(f.location)) AS y1
            FROM ({inner_sql}) AS f
            GROUP BY round(ST_X(f.location) / %s), round(ST_Y(f.location) / %s)
        )
        SELECT CASE WHEN cells.n = 1
            THEN (SELECT i.feature FROM initiatives_initiative i WHERE i.id = cells.one_id)
            ELSE json_build_object(
                'type', 'Feature',
                'geometry', ST_AsGeoJSON(ST_MakePoint(cells.cx, cells.cy), 5)::json,
                'properties', json_build_object(
                    'cluster', true, 'count', cells.n,
                    'bbox', json_build_array(round(cells.x0::numeric, 5), round(cells.y0::numeric, 5),
                                             round(cells.x1::numeric, 5), round(cells.y1::numeric, 5)))
            )::text END
        FROM cells
        ORDER BY cells.n DESC, cells.one_id
    """
    with connection.cursor() as cursor:
        cursor.cursor.adapters.register_loader("text", _Utf8Bytes)
        cursor.execute(sql, [*params, cell, cell * 0.7])  # ~cos(46°N): square cells on screen
        return [row[0] for row in cursor.fetchall()]
