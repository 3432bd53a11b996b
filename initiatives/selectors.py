"""The read path of the map, the API and the exports: GeoJSON Features come out of PostgreSQL
already built (the `feature` column kept by triggers, migration 0002), and are concatenated
without being parsed. One query per page; exports stream through a server-side cursor so
memory stays flat whatever the size of the dataset."""

from django.db import connection
from django.db.models import TextField
from django.db.models.expressions import RawSQL

from .models import Dataset

FEATURE = RawSQL("initiatives_initiative.feature", [], output_field=TextField())


def dataset_state():
    """The dataset's version and last change: what ETag and Last-Modified are made of."""
    return Dataset.current()


def _feature_sql(queryset):
    sql, params = queryset.annotate(_feature=FEATURE).values_list("_feature").query.sql_with_params()
    return sql, params


def feature_page(queryset, *, offset, limit):
    """The stored Features (JSON text) of one page of `queryset`, in its order, and whether
    another page follows. One query: it reads one row more than the page to know."""
    sql, params = _feature_sql(queryset[offset : offset + limit + 1])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = [row[0] for row in cursor.fetchall()]
    return rows[:limit], len(rows) > limit


def feature_of(queryset):
    """The stored Feature of the single initiative `queryset` selects, or None."""
    rows, _ = feature_page(queryset, offset=0, limit=1)
    return rows[0] if rows else None


def iter_feature_chunks(queryset, *, chunk_size=2000):
    """Yield lists of stored Features, `chunk_size` at a time, from a server-side cursor."""
    sql, params = _feature_sql(queryset)
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(chunk_size):
            yield [row[0] for row in rows]
