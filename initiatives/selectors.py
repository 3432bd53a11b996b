"""The read path of the map, the API and the exports: GeoJSON Features come out of PostgreSQL
already built (the `feature` column kept by triggers, initiatives/sql/), and are concatenated
without being parsed. One query per page; exports stream through a server-side cursor so
memory stays flat whatever the size of the dataset."""

from django.core.cache import caches
from django.db.models import TextField
from django.db.models.expressions import RawSQL
from psycopg.adapt import Loader

from project.replicas import reading

from . import map_cells
from .dataset import dataset_state

FEATURE = RawSQL("initiatives_initiative.feature", [], output_field=TextField())


def per_dataset_version(name, compute, *, state=None, cache_alias="dataset"):
    """compute(), remembered by this process until the dataset changes. Aggregates over the
    whole map (counts, the biggest networks) take hundreds of milliseconds at 100k
    initiatives, and every write to the published data bumps the dataset version (a
    trigger), so a remembered value is never stale. The database's identity is in the key
    too, so a database restored from a backup, whose version may go back, is not mistaken
    for one already seen. The value must not depend on the request (language, host)."""
    state = state or dataset_state()
    key = f"{name}:{state.key}"
    cache = caches[cache_alias]
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


def _page_by_ids_sql(parts, *, offset, limit):
    """SQL (and params) of a page of the querysets `parts` (each in id order) one after the
    other: the page's ids first, from whatever index serves each part (a bbox's from the
    covering GiST index of the points, without a heap read), then the Features of those ids
    only. Reading the Features of a department's 10,000 rows to keep 1,000 cost 3,000 heap
    pages of wide rows at 1M initiatives."""
    selects, params = [], []
    for position, part in enumerate(parts):
        sql, part_params = part.values("id")[: offset + limit].query.sql_with_params()
        selects.append(f"SELECT p.id, {position} AS part FROM ({sql}) AS p")
        params += part_params
    sql = f"""
        SELECT (SELECT i.feature FROM initiatives_initiative i WHERE i.id = page.id)
        FROM (SELECT * FROM ({" UNION ALL ".join(selects)}) AS u ORDER BY part, id OFFSET %s LIMIT %s) AS page
        ORDER BY page.part, page.id
    """
    return sql, [*params, offset, limit]


def feature_page(queryset, *, offset, limit):
    """The stored Features of one page of `queryset`, in its order, as UTF-8 bytes, and
    whether another page follows. One query: it reads one row more than the page to know."""
    parts = queryset.id_ordered_parts() if hasattr(queryset, "id_ordered_parts") else None
    if parts is None:
        sql, params = _feature_sql(queryset[offset : offset + limit + 1])
    else:
        sql, params = _page_by_ids_sql(parts, offset=offset, limit=limit + 1)
    with reading().cursor() as cursor:
        cursor.cursor.adapters.register_loader("text", _Utf8Bytes)
        cursor.execute(sql, params)
        rows = [row[0] for row in cursor.fetchall()]
    return rows[:limit], len(rows) > limit


def feature_of(queryset):
    """The stored Feature (UTF-8 JSON bytes) of the single initiative `queryset` selects, or None."""
    rows, _ = feature_page(queryset, offset=0, limit=1)
    return rows[0] if rows else None


def iter_feature_chunks(queryset, *, chunk_size=2000):
    """Lists of stored Features, `chunk_size` at a time, from a server-side cursor on the
    request's database (chosen now: the chunks are read after the view has returned)."""
    return chunks_of(reading(), *_feature_sql(queryset), chunk_size=chunk_size)


def chunks_of(db, sql, params, *, chunk_size):
    """Yield lists of the first column of `sql`'s rows, from a server-side cursor on `db`."""
    with db.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(chunk_size):
            yield [row[0] for row in rows]


UNCLUSTERED_FROM_ZOOM = 16


def clustered_features(queryset, *, zoom, bbox=None, cells=None, dataset=None):
    """The map's view of `queryset` at `zoom`: initiatives that share a cell of the map's grid
    (64 screen pixels, initiatives/map_cells.py) are one cluster Feature (count, centre,
    bbox); a cell holding a single initiative gives that initiative's stored Feature. `bbox`
    selects whole cells. Pass `dataset` (its DatasetState) only when `queryset` is every
    published initiative: the cells are then read already summed."""
    if zoom >= UNCLUSTERED_FROM_ZOOM:
        located = queryset.filter(location__isnull=False)
        rows, _ = feature_page(located.in_bbox(*bbox) if bbox else located, offset=0, limit=10_000)
        return rows
    level = zoom + map_cells.ZOOM_TO_LEVEL
    cells = cells or map_cells.cell_range(level, bbox)
    if dataset is not None and level <= map_cells.BUILT_LEVEL:
        stored_sql, stored_params = map_cells.stored_cells_sql(level, *cells)
        for _attempt in range(2):
            current, features = _cluster_rows(stored_sql, stored_params, dataset=dataset)
            if current:
                return features
            if not map_cells.refresh():
                break
    points_sql, points_params = (
        queryset.filter(location__isnull=False).order_by().values("id", "location").query.sql_with_params()
    )
    grouped_sql, grouped_params = map_cells.grouped_cells_sql(points_sql, level, *cells)
    return _cluster_rows(grouped_sql, [*points_params, *grouped_params])[1]


def _cluster_rows(cells_sql, params, *, dataset=None):
    """(whether the cells are current, their Features, largest first). Read from the table,
    the cells are current only if built from `dataset`: checked in the same query, so that a
    view of the current dataset costs one query."""
    current_sql, current_params = "true", []
    if dataset is not None:
        current_sql = (
            f"EXISTS (SELECT FROM {map_cells.STATE_TABLE}"
            " WHERE id = 1 AND version = %s AND changed_at = %s)"
        )
        current_params = [dataset.version, dataset.changed_at]
    # A lone initiative's stored Feature is read by a subquery, so only for the cells that
    # hold one. The outer join keeps one row (the flag) when there is no cell. A cluster's
    # `town` (its name for screen readers: "4 initiatives autour de Brest") is the commune of
    # the published initiative nearest its centre within its bbox: one nearest-neighbour step
    # per cluster, the same for stored and grouped cells, in the narrow copy of the published
    # points (migration 0026; the wide table's index cost twice the pages: Lyon z13 at 1M,
    # 9,452 → 4,819 buffers, 64 → 40 ms of CPU).
    sql = f"""
        WITH current AS (SELECT {current_sql} AS yes),
             cells AS (SELECT * FROM ({cells_sql}) AS c WHERE (SELECT yes FROM current))
        SELECT (SELECT yes FROM current), CASE
            WHEN cells.n IS NULL THEN NULL
            WHEN cells.n = 1
            THEN (SELECT i.feature FROM initiatives_initiative i WHERE i.id = cells.one_id)
            ELSE json_build_object(
                'type', 'Feature',
                'geometry', ST_AsGeoJSON(ST_MakePoint(cells.sum_lon / cells.n, cells.sum_lat / cells.n), 5)::json,
                'properties', json_build_object(
                    'cluster', true, 'count', cells.n,
                    'bbox', json_build_array(round(cells.min_lon::numeric, 5), round(cells.min_lat::numeric, 5),
                                             round(cells.max_lon::numeric, 5), round(cells.max_lat::numeric, 5)),
                    'town', (SELECT i.commune FROM initiatives_tile_point i
                             WHERE i.commune <> ''
                               AND i.location && ST_MakeEnvelope(cells.min_lon, cells.min_lat, cells.max_lon, cells.max_lat, 4326)
                             ORDER BY i.location <-> ST_SetSRID(ST_MakePoint(cells.sum_lon / cells.n, cells.sum_lat / cells.n), 4326)
                             LIMIT 1))
            )::text END
        FROM (SELECT) AS one LEFT JOIN cells ON true
        ORDER BY cells.n DESC, cells.one_id
    """
    with reading().cursor() as cursor:
        cursor.cursor.adapters.register_loader("text", _Utf8Bytes)
        cursor.execute(sql, [*current_params, *params])
        rows = cursor.fetchall()
    return rows[0][0], [row[1] for row in rows if row[1] is not None]
