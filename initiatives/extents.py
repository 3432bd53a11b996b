"""Where the data is: the box a map's first view fits. A read (no HTTP), kept apart from
selectors.py so that the map's clustering stays in one file."""

from project.replicas import reading

# The box holds all but the farthest 2 % on each axis: one initiative in Réunion or a typo'd
# position must not turn the first view of a dataset placed in France into the whole world.
OUTLIERS = 0.02


def placed_extent(queryset):
    """[west, south, east, north] of the placed initiatives of `queryset` (outliers left out,
    see OUTLIERS), or None when none is placed. One query."""
    inner_sql, params = queryset.filter(location__isnull=False).order_by().values("location").query.sql_with_params()
    low, high = OUTLIERS / 2, 1 - OUTLIERS / 2
    sql = f"""
        SELECT percentile_disc(%s) WITHIN GROUP (ORDER BY ST_X(f.location)),
               percentile_disc(%s) WITHIN GROUP (ORDER BY ST_Y(f.location)),
               percentile_disc(%s) WITHIN GROUP (ORDER BY ST_X(f.location)),
               percentile_disc(%s) WITHIN GROUP (ORDER BY ST_Y(f.location))
        FROM ({inner_sql}) AS f
    """
    with reading().cursor() as cursor:
        cursor.execute(sql, [low, low, high, high, *params])
        row = cursor.fetchone()
    return None if row[0] is None else [round(v, 5) for v in row]
