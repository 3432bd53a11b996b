"""Networks as features: each published network with its footprint, the convex hull of its
published direct members' locations (a point for one member, a line for two, a polygon
beyond; no geometry when no member is located), built as GeoJSON by PostGIS."""


from project.replicas import reading

from .models import Dataset, Initiative, Membership
from .selectors import _Utf8Bytes

INITIATIVES = Initiative._meta.db_table
MEMBERSHIPS = Membership._meta.db_table
DATASET = Dataset._meta.db_table


def network_footprints(*, offset, limit, bbox=None, updated_from=None, updated_before=None, network_id=None):
    """One page of published networks as GeoJSON Features (UTF-8 bytes), by id, and whether
    another page follows. `bbox` (min_lon, min_lat, max_lon, max_lat; several boxes mean any
    of them) keeps the footprints that intersect it; `updated_from` ≤ the network's
    updated_at < `updated_before`. One query."""
    where, params = ["n.kind = %s", "n.status = %s"], [Initiative.Kind.NETWORK, Initiative.Status.PUBLISHED]
    if network_id is not None:
        where.append("n.id = %s")
        params.append(network_id)
    if updated_from is not None:
        where.append("n.updated_at >= %s")
        params.append(updated_from)
    if updated_before is not None:
        where.append("n.updated_at < %s")
        params.append(updated_before)
    having, having_params = "", []
    if bbox:
        having = "HAVING " + " OR ".join(
            "ST_Intersects(ST_ConvexHull(ST_Collect(m.location)), ST_MakeEnvelope(%s, %s, %s, %s, 4326))"
            for _ in bbox
        )
        having_params = [value for box in bbox for value in box]
    sql = f"""
        SELECT json_build_object(
            'type', 'Feature',
            'id', n.id,
            'geometry', ST_AsGeoJSON(ST_ConvexHull(ST_Collect(m.location)), 6)::json,
            'properties', json_build_object(
                'slug', n.slug, 'name', n.name, 'summary', n.summary, 'scope', n.scope,
                'member_count', count(m.id), 'located_member_count', count(m.location),
                'url', d.site_url || '/initiatives/' || n.slug || '/',
                'api_url', d.site_url || '/api/v1/initiatives/' || n.slug || '/',
                'updated_at', to_char(n.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                'license', d.license, 'attribution', d.attribution
            )
        )::text
        FROM {INITIATIVES} n
        CROSS JOIN {DATASET} d
        LEFT JOIN {MEMBERSHIPS} ms ON ms.network_id = n.id
        LEFT JOIN {INITIATIVES} m ON m.id = ms.member_id AND m.status = %s
        WHERE {" AND ".join(where)}
        GROUP BY n.id, d.id
        {having}
        ORDER BY n.id
        LIMIT %s OFFSET %s
    """
    with reading().cursor() as cursor:
        cursor.cursor.adapters.register_loader("text", _Utf8Bytes)
        cursor.execute(sql, [Initiative.Status.PUBLISHED, *params, *having_params, limit + 1, offset])
        rows = [row[0] for row in cursor.fetchall()]
    return rows[:limit], len(rows) > limit
