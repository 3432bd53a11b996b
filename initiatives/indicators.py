"""How networks cross — the figures of issue 11, computed in PostgreSQL.

What counts: published initiatives, and *public* memberships — both the member and the
network published (an unpublished network has no members, an unpublished initiative belongs
to nothing). Each figure comes out of one query that builds its JSON in PostgreSQL, and is
remembered per dataset version (selectors.per_dataset_version): every write to initiatives or
memberships bumps that version, so a remembered figure is never stale. What would cost the
whole table to recount — each network's members per territory, the members two networks
share — is read from the sums the writes keep (initiatives/sql/network_reach.sql), so the
first request after a write costs about what the next one does.

Words used below:
- direct members: the initiatives (networks included) with a public membership in a network;
- members through member networks: the direct members of its member networks, at any depth,
  each with the path of networks it comes through ("via Coop Group"); cycle-safe;
- multi-membership rate: the share of a set of members that belong to at least one *other*
  network (of a network's members: another network than it; of a territory or the whole map:
  two networks or more);
- crossings: the networks with which a network shares direct members, and how many.

Regions and departments share INSEE codes (53 is Bretagne and Mayenne): a territory is always
named by (kind, code).
"""

from __future__ import annotations

import json

from project.replicas import reading

from . import territories
from .selectors import per_dataset_version

# Public memberships: a subquery PostgreSQL inlines wherever it is used. The member test
# looks for the few unpublished initiatives (pending or archived: the only other statuses,
# constraint initiative_status_valid) in one hashed set, rather than checking each member's
# row in the wide initiatives table — 115k lookups for the graph at 100k initiatives.
PUBLIC_MEMBERSHIP = """(
    SELECT m.member_id, m.network_id
    FROM initiatives_membership m
    WHERE m.network_id IN (SELECT id FROM initiatives_initiative WHERE status = 'published' AND kind = 'network')
      AND m.member_id NOT IN (SELECT id FROM initiatives_initiative WHERE status IN ('pending', 'archived'))
)"""

# One step down a network's tree: the public members of the member network `t.id`, each by
# the memberships' network index and its own row. Joined with PUBLIC_MEMBERSHIP instead, each
# step hashed every unpublished initiative and scanned every membership: 1.5 s for an
# 11-member network at 1M, growing with the table.
TREE_STEP = """    SELECT pm.member_id, t.depth + 1, t.path || t.id
    FROM tree t
    JOIN initiatives_initiative tn ON tn.id = t.id AND tn.status = 'published' AND tn.kind = 'network'
    CROSS JOIN LATERAL (SELECT m.member_id FROM initiatives_membership m WHERE m.network_id = t.id OFFSET 0) pm
    JOIN initiatives_initiative mi ON mi.id = pm.member_id AND mi.status = 'published'
    WHERE pm.member_id <> ALL(t.path || t.id)
"""

TERRITORY_KINDS = {"region": "region_code", "departement": "department_code"}
# The networks linking a territory to others: the most widespread ones, and for each the
# places where it has most members. A region holds ~1,500 of them at 100k initiatives: all
# of them with ten places each made a megabyte nobody reads.
LINKING = 20
PLACES = 5


def _json(sql, params):
    with reading().cursor() as cursor:
        cursor.execute(sql, params)
        value = cursor.fetchone()[0]
    return json.loads(value) if isinstance(value, str) else value


def _rate(part, whole):
    return round(part / whole, 4) if whole else None


# [west, south, east, north] of the points in `location`, 6 decimals.
BBOX = """json_build_array(
    round(ST_XMin(ST_Extent(location))::numeric, 6), round(ST_YMin(ST_Extent(location))::numeric, 6),
    round(ST_XMax(ST_Extent(location))::numeric, 6), round(ST_YMax(ST_Extent(location))::numeric, 6))"""


# --- One network --------------------------------------------------------------------------

NETWORK_SQL = f"""
WITH RECURSIVE
-- Its public members: each member's row is read anyway, so its status is tested there
-- rather than against the hashed set of every unpublished initiative (PUBLIC_MEMBERSHIP),
-- whose cost grows with the whole table.
direct AS MATERIALIZED (
    SELECT i.id, i.slug, i.name, i.kind, i.region_code, i.department_code, i.location
    FROM initiatives_membership m JOIN initiatives_initiative i ON i.id = m.member_id
    WHERE m.network_id = %(n)s AND i.status = 'published'
      AND EXISTS (SELECT FROM initiatives_initiative n WHERE n.id = %(n)s AND n.status = 'published' AND n.kind = 'network')
),
-- The other networks of its direct members (already public members), by the members' index:
-- hashing every membership of the map instead took 180 ms for a 5,000-member network at
-- 100k initiatives, and grows with the table.
others AS MATERIALIZED (
    SELECT d.id AS member_id, m.network_id
    FROM direct d CROSS JOIN LATERAL (
        SELECT m.network_id FROM initiatives_membership m
        WHERE m.member_id = d.id AND m.network_id <> %(n)s
        OFFSET 0  -- keeps the lookup per member: joined, the planner hashed the whole table
    ) m
    WHERE m.network_id IN (SELECT id FROM initiatives_initiative WHERE status = 'published' AND kind = 'network')
),
-- Walk down through member networks; `path` holds the networks above a row, so a membership
-- cycle (refused since migration 0010, but older data may hold one) cannot loop.
tree(id, depth, path) AS (
    SELECT d.id, 1, ARRAY[%(n)s]::bigint[] FROM direct d
    UNION ALL
{TREE_STEP}),
reached AS MATERIALIZED (  -- each initiative once, by its shortest path
    SELECT DISTINCT ON (id) id, depth, path FROM tree ORDER BY id, depth, path
),
reached_points AS MATERIALIZED (  -- read once for the count and the box
    SELECT i.location FROM reached r JOIN initiatives_initiative i ON i.id = r.id
)
SELECT json_build_object(
    'direct_count', (SELECT count(*) FROM direct),
    'transitive_count', (SELECT count(*) FROM reached),
    'max_depth', (SELECT coalesce(max(depth), 0) FROM reached),
    -- Where its footprint lies, so the map can fit it before (or without) loading members.
    'placed', (SELECT count(location) FROM direct),
    'bbox', (SELECT {BBOX} FROM direct HAVING count(location) > 0),
    'transitive_placed', (SELECT count(location) FROM reached_points),
    'transitive_bbox', (SELECT {BBOX} FROM reached_points HAVING count(location) > 0),
    'multi_member_count', (SELECT count(DISTINCT member_id) FROM others),
    'member_networks', coalesce((
        SELECT json_agg(json_build_object(
            'slug', d.slug, 'name', d.name,
            'member_count', coalesce((SELECT members FROM initiatives_network_reach r
                                      WHERE r.network_id = d.id AND r.kind = 'all' AND r.code = ''), 0)
        ) ORDER BY d.name, d.id) FROM direct d WHERE d.kind = 'network'), '[]'::json),
    'belongs_to', coalesce((
        SELECT json_agg(json_build_object('slug', n.slug, 'name', n.name) ORDER BY n.name, n.id)
        FROM initiatives_membership m
        JOIN initiatives_initiative n ON n.id = m.network_id AND n.status = 'published' AND n.kind = 'network'
        JOIN initiatives_initiative me ON me.id = m.member_id AND me.status = 'published'
        WHERE m.member_id = %(n)s), '[]'::json),
    'by_region', coalesce((
        SELECT json_agg(json_build_object('code', code, 'count', members) ORDER BY members DESC, code)
        FROM initiatives_network_reach WHERE network_id = %(n)s AND kind = 'region'), '[]'::json),
    'by_department', coalesce((
        SELECT json_agg(json_build_object('code', code, 'count', members) ORDER BY members DESC, code)
        FROM initiatives_network_reach WHERE network_id = %(n)s AND kind = 'departement'), '[]'::json),
    'by_theme', coalesce((
        SELECT json_agg(json_build_object('slug', t.slug, 'name', t.name_fr, 'name_en', t.name_en,
                                          'colour', t.colour, 'count', c.n)
                        ORDER BY c.n DESC, t.position, t.slug)
        FROM (SELECT it.theme_id, count(*) AS n FROM direct d
              JOIN initiatives_initiative_themes it ON it.initiative_id = d.id
              GROUP BY it.theme_id) c
        JOIN initiatives_theme t ON t.id = c.theme_id), '[]'::json),
    'crossings', coalesce((
        -- `name || ''`: read each (out-of-line) name once, not at each comparison of the sort.
        SELECT json_agg(json_build_object('slug', x.slug, 'name', x.name, 'shared', x.shared)
                        ORDER BY x.shared DESC, x.name, x.id)
        FROM (SELECT n.id, n.slug, n.name || '' AS name, c.shared
              FROM (SELECT network_b AS network_id, members AS shared FROM initiatives_network_pair WHERE network_a = %(n)s
                    UNION ALL
                    SELECT network_a, members FROM initiatives_network_pair WHERE network_b = %(n)s) c
              JOIN initiatives_initiative n ON n.id = c.network_id) x), '[]'::json)
)
"""


def network_indicators(network, *, state=None):
    """Who is in `network` (a published network), where, and with whom it crosses.

    Returns a dict: direct_count, transitive_count (members at any depth, the member networks
    themselves included), max_depth, placed / bbox and transitive_placed / transitive_bbox
    (how many have a position, and the box around them — None without any), multi_member_count and multi_membership_rate (share of
    its direct members in at least one other network, None without members),
    member_networks, belongs_to, by_region / by_department (code, name, count), by_theme,
    crossings (networks sharing direct members: slug, name, shared)."""

    def compute():
        data = _json(NETWORK_SQL, {"n": network.pk})
        data["multi_membership_rate"] = _rate(data["multi_member_count"], data["direct_count"])
        for row in data["by_region"]:
            row["name"] = territories.region_name(row["code"]) or row["code"]
        for row in data["by_department"]:
            row["name"] = territories.department_name(row["code"]) or row["code"]
        return data

    return per_dataset_version(f"network-indicators:{network.pk}", compute, state=state)


# The first step tests each direct member on its own row (as NETWORK_SQL's `direct`), not
# against the hashed set of every unpublished initiative, which grows with the table.
TRANSITIVE_MEMBERS_SQL = f"""
WITH RECURSIVE tree(id, depth, path) AS (
    SELECT m.member_id, 1, ARRAY[%(n)s]::bigint[]
    FROM initiatives_membership m JOIN initiatives_initiative i ON i.id = m.member_id AND i.status = 'published'
    WHERE m.network_id = %(n)s
      AND EXISTS (SELECT FROM initiatives_initiative n WHERE n.id = %(n)s AND n.status = 'published' AND n.kind = 'network')
    UNION ALL
{TREE_STEP}),
reached AS (SELECT DISTINCT ON (id) id, depth, path FROM tree ORDER BY id, depth, path)
"""


def members_sql(network, *, transitive):
    """SQL (and params) selecting `id, depth, via` of the members of `network`: `via` is the
    JSON list of the member networks a member comes through (empty for a direct member)."""
    if not transitive:
        return (
            "SELECT pm.member_id AS id, 1 AS depth, '[]'::json AS via"
            f" FROM {PUBLIC_MEMBERSHIP} pm WHERE pm.network_id = %(n)s",
            {"n": network.pk},
        )
    return (
        TRANSITIVE_MEMBERS_SQL + """
        SELECT r.id, r.depth, coalesce((
            SELECT json_agg(json_build_object('slug', n.slug, 'name', n.name) ORDER BY p.ord)
            FROM unnest(r.path[2:]) WITH ORDINALITY AS p(id, ord)
            JOIN initiatives_initiative n ON n.id = p.id), '[]'::json) AS via
        FROM reached r
        """,
        {"n": network.pk},
    )


LISTED_MEMBERS_SQL = TRANSITIVE_MEMBERS_SQL + """,
-- `name || ''` reads each name once: the initiatives' rows are wide (their stored Feature),
-- so PostgreSQL keeps even short names out of line (TOAST), and sorting the bare column
-- fetched them again at each comparison — 300 ms for 5,000 members instead of 5.
members AS MATERIALIZED (
    SELECT r.id, r.depth, r.path, i.slug, i.name || '' AS name, i.commune
    FROM reached r JOIN initiatives_initiative i ON i.id = r.id
),
listed AS (  -- `via` is built for the listed rows only
    (SELECT * FROM members WHERE depth = 1 ORDER BY name, id LIMIT %(limit)s)
    UNION ALL
    (SELECT * FROM members WHERE depth > 1 ORDER BY depth, name, id LIMIT %(limit)s)
)
SELECT json_build_object(
    'direct_total', (SELECT count(*) FROM members WHERE depth = 1),
    'indirect_total', (SELECT count(*) FROM members WHERE depth > 1),
    'listed', coalesce((SELECT json_agg(json_build_object(
        'slug', l.slug, 'name', l.name, 'commune', l.commune, 'via', coalesce((
            SELECT json_agg(json_build_object('slug', n.slug, 'name', n.name) ORDER BY p.ord)
            FROM unnest(l.path[2:]) WITH ORDINALITY AS p(id, ord)
            JOIN initiatives_initiative n ON n.id = p.id), '[]'::json)
    ) ORDER BY l.depth, l.name, l.id) FROM listed l), '[]'::json)
)
"""


def listed_members(network, *, limit, state=None):
    """What a network's page lists of its published members, in the order of
    member_features: `direct` (the first `limit` by name) and `indirect` (the first `limit`
    through member networks, nearest first, each with `via`), each member as slug, name,
    commune; and `direct_total` / `indirect_total`. Without geometry nor the stored Features:
    a 5,000-member network's whole footprint is megabytes the page does not show. One query,
    remembered per dataset version."""

    def compute():
        data = _json(LISTED_MEMBERS_SQL, {"n": network.pk, "limit": limit})
        listed = data.pop("listed")
        return {**data, "direct": [m for m in listed if not m["via"]], "indirect": [m for m in listed if m["via"]]}

    return per_dataset_version(f"listed-members:{network.pk}:{limit}", compute, state=state)


def _member_features_sql(members, feature):
    # The stored Features are concatenated as text, never parsed: a 5,000-member footprint
    # is megabytes of JSON.
    return f"""
SELECT '{{"type":"FeatureCollection","features":['
    || coalesce(string_agg({feature}, ',' ORDER BY mem.depth, i.name, i.id), '')
    || '],"numberReturned":' || count(*) || ',"placed":' || count(i.location)
    || ',"bbox":' || CASE WHEN count(i.location) > 0 THEN ({BBOX.replace("location", "i.location")})::text
        ELSE 'null' END || '}}'
FROM ({members}) mem JOIN initiatives_initiative i ON i.id = mem.id
"""


def member_features(network, *, transitive=False):
    """The members of `network` as one GeoJSON FeatureCollection (UTF-8 text), built in
    PostGIS from the stored Features, with `numberReturned`, `placed` (how many have a
    position) and the `bbox` of those placed. With transitive=True each Feature's properties
    also carry `via`: the member networks it comes through (empty when direct). One query."""
    members, params = members_sql(network, transitive=transitive)
    # `properties` is the last member of a stored Feature (initiative_feature(), migration
    # 0002), so its text ends with "}}": `via` goes just before.
    feature = "left(i.feature, -2) || ',\"via\":' || mem.via::text || '}}'" if transitive else "i.feature"
    with reading().cursor() as cursor:
        cursor.execute(_member_features_sql(members, feature), params)
        return cursor.fetchone()[0]


# --- The whole map ------------------------------------------------------------------------

# The whole map's figures, read from the spread the writes keep (initiatives/sql/network_reach.sql:
# how many initiatives have 1, 2, 3… public memberships): a few rows, never the memberships.
OVERVIEW = """json_build_object(
    'networks', (SELECT count(*) FROM initiatives_initiative WHERE status = 'published' AND kind = 'network'),
    'memberships', s.memberships, 'members', s.members, 'multi_members', s.multi_members,
    'multi_membership_rate', CASE WHEN s.members > 0 THEN round(s.multi_members::numeric / s.members, 4) END)
FROM (SELECT coalesce(sum(networks * members), 0) AS memberships, coalesce(sum(members), 0) AS members,
             coalesce(sum(members) FILTER (WHERE networks >= 2), 0) AS multi_members
      FROM initiatives_membership_spread) s"""


def map_indicators(*, state=None):
    """The whole map: published networks, public memberships, initiatives in at least one
    network (`members`), those in two or more, and that share (`multi_membership_rate`)."""
    return per_dataset_version("map-indicators", lambda: _json(f"SELECT {OVERVIEW}", {}), state=state)


# What the graph page draws by default: a force layout of ~2,000 networks and ~80,000 links
# takes the browser seconds and gives a hairball nobody can read or tab through.
DRAWN_NODES = 250
DRAWN_LINKS = 1200

# The published networks the filters keep (`theme`: a theme slug, `region`: a region code;
# empty for any), with their public members.
FILTERED_NETWORKS = """nets AS MATERIALIZED (
    SELECT n.id, n.slug, n.name, n.region_code, n.department_code, coalesce(r.members, 0) AS members
    FROM initiatives_initiative n
    LEFT JOIN initiatives_network_reach r ON r.network_id = n.id AND r.kind = 'all' AND r.code = ''
    WHERE n.status = 'published' AND n.kind = 'network'
      AND (%(region)s = '' OR n.region_code = %(region)s)
      AND (%(theme)s = '' OR EXISTS (
          SELECT 1 FROM initiatives_initiative_themes it JOIN initiatives_theme t ON t.id = it.theme_id
          WHERE it.initiative_id = n.id AND t.slug = %(theme)s))
)"""
NODE_THEMES = """coalesce((SELECT json_agg(t.slug ORDER BY t.position, t.slug)
                    FROM initiatives_initiative_themes it JOIN initiatives_theme t ON t.id = it.theme_id
                    WHERE it.initiative_id = n.id), '[]'::json)"""

GRAPH_SQL = f"""
WITH {FILTERED_NETWORKS},
kept AS MATERIALIZED (SELECT * FROM nets ORDER BY members DESC, name, id LIMIT %(nodes)s),
-- A network member of another: directed, member -> network; all of those between kept nodes.
membership AS MATERIALIZED (
    SELECT m.member_id, m.network_id FROM initiatives_membership m
    JOIN kept a ON a.id = m.member_id JOIN kept b ON b.id = m.network_id
),
-- Shared members: each unordered pair once, weighted by how many (the sums kept by
-- initiatives/sql/network_reach.sql), the heaviest up to the links left after memberships;
-- found from each kept node by index, not by reading every pair.
shared AS MATERIALIZED (
    SELECT p.network_a, p.network_b, p.members
    FROM kept a JOIN initiatives_network_pair p ON p.network_a = a.id
    WHERE p.network_b IN (SELECT id FROM kept)
    ORDER BY p.members DESC, p.network_a, p.network_b
    LIMIT (SELECT CASE WHEN %(links)s::integer IS NOT NULL THEN greatest(0, %(links)s::integer - count(*)) END
           FROM membership)
)
SELECT json_build_object(
    'summary', (SELECT {OVERVIEW}),
    'total', json_build_object(
        'nodes', (SELECT count(*) FROM nets),
        -- Unfiltered, every pair (pairs are between published networks only).
        'shared', CASE WHEN %(theme)s = '' AND %(region)s = '' THEN (SELECT count(*) FROM initiatives_network_pair)
                  ELSE (SELECT count(*) FROM initiatives_network_pair
                        WHERE network_a IN (SELECT id FROM nets) AND network_b IN (SELECT id FROM nets)) END,
        'membership', (SELECT count(*) FROM initiatives_membership m
                       JOIN nets a ON a.id = m.member_id JOIN nets b ON b.id = m.network_id)),
    'nodes', coalesce((
        SELECT json_agg(json_build_object(
            'id', n.id, 'slug', n.slug, 'name', n.name, 'members', n.members,
            'region', n.region_code, 'department', n.department_code, 'themes', {NODE_THEMES}
        ) ORDER BY n.members DESC, n.name, n.id) FROM kept n), '[]'::json),
    'shared', coalesce((
        SELECT json_agg(json_build_array(network_a, network_b, members) ORDER BY members DESC, network_a, network_b)
        FROM shared), '[]'::json),
    'membership', coalesce((
        SELECT json_agg(json_build_array(member_id, network_id) ORDER BY member_id, network_id)
        FROM membership), '[]'::json)
)::text
"""


def network_graph(*, full=False, theme="", region="", state=None):
    """The network of networks as JSON text, built in PostgreSQL from the sums the writes
    keep: `summary` (map_indicators), `nodes` (id, slug, name, members, region, department,
    themes; the biggest first) and two edge lists by node id, `shared` as [a, b, weight]
    (a < b: how many direct members the two networks share; heaviest first) and
    `membership` as [member, network] (one network is a member of the other); `total` counts
    the nodes and both kinds of edges the filters keep (`theme`: a theme slug, `region`: a
    region code; empty for any).

    By default what the graph page draws: the DRAWN_NODES networks with most members and,
    between them, every membership and the heaviest shared links up to DRAWN_LINKS edges in
    all. full=True: every network and every link."""
    params = {"theme": theme, "region": region,
              "nodes": None if full else DRAWN_NODES, "links": None if full else DRAWN_LINKS}  # fmt: skip
    key = f"network-graph:{'full' if full else 'drawn'}:{theme}:{region}"
    return per_dataset_version(key, lambda: _json_text(GRAPH_SQL, params), state=state)


# Networks named in a table row's "shared with" cell, most shared first; the row says how many
# in all, the graph API (full=true) has them all.
SHARED_LISTED = 5

TABLE_SQL = f"""
WITH {FILTERED_NETWORKS},
page AS MATERIALIZED (SELECT * FROM nets ORDER BY members DESC, name, id LIMIT %(limit)s OFFSET %(offset)s)
SELECT json_build_object(
    'count', (SELECT count(*) FROM nets),
    'rows', coalesce((SELECT json_agg(json_build_object(
        'slug', n.slug, 'name', n.name, 'members', n.members, 'region', n.region_code, 'themes', {NODE_THEMES},
        'shared', coalesce((
            SELECT json_agg(json_build_array(o.name, c.members) ORDER BY c.members DESC, o.name, o.id)
            FROM (SELECT network_b AS other, members FROM initiatives_network_pair WHERE network_a = n.id
                  UNION ALL
                  SELECT network_a, members FROM initiatives_network_pair WHERE network_b = n.id
                  ORDER BY members DESC, other LIMIT %(shared_listed)s) c
            JOIN initiatives_initiative o ON o.id = c.other), '[]'::json),
        'shared_count', (SELECT count(*) FROM initiatives_network_pair WHERE network_a = n.id)
                        + (SELECT count(*) FROM initiatives_network_pair WHERE network_b = n.id),
        'member_of', coalesce((
            SELECT json_agg(o.name ORDER BY o.name, o.id) FROM initiatives_membership m
            JOIN initiatives_initiative o ON o.id = m.network_id AND o.status = 'published' AND o.kind = 'network'
            WHERE m.member_id = n.id), '[]'::json)
    ) ORDER BY n.members DESC, n.name, n.id) FROM page n), '[]'::json)
)
"""


def network_table(*, theme="", region="", offset=0, limit=DRAWN_NODES, state=None):
    """The networks of the graph as table rows, the biggest first (the first DRAWN_NODES are
    those the graph page draws): `count` (networks the filters keep) and `rows`, each with
    slug, name, members, region, themes, `shared` ([name, shared members] for the
    SHARED_LISTED it shares most with), `shared_count` (networks it shares members with) and
    `member_of` (names of the networks it belongs to)."""
    params = {"theme": theme, "region": region, "offset": offset, "limit": limit, "shared_listed": SHARED_LISTED}
    key = f"network-table:{theme}:{region}:{offset}:{limit}"
    return per_dataset_version(key, lambda: _json(TABLE_SQL, params), state=state)


def _json_text(sql, params):
    with reading().cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


# --- Territories --------------------------------------------------------------------------


class UnknownTerritory(LookupError):
    pass


def territory(kind, code):
    """(kind, code, name) of a region or department, or UnknownTerritory."""
    code = territories.normalize_code(code)
    if kind == "region" and code in territories.REGIONS:
        return kind, code, territories.REGIONS[code]
    if kind == "departement" and code in territories.DEPARTMENTS:
        return kind, code, territories.DEPARTMENTS[code]["name"]
    raise UnknownTerritory(f"{kind}/{code}")


TERRITORY_COUNTS_SQL = """
WITH counts AS (
    SELECT region_code, department_code, count(*) AS n FROM initiatives_initiative
    WHERE status = 'published' GROUP BY GROUPING SETS ((region_code), (department_code))
)
SELECT json_build_object(
    'region', coalesce((SELECT json_object_agg(region_code, n) FROM counts
                        WHERE department_code IS NULL AND region_code <> ''), '{}'::json),
    'departement', coalesce((SELECT json_object_agg(department_code, n) FROM counts
                             WHERE region_code IS NULL AND department_code <> ''), '{}'::json),
    -- Networks with public members there: the sums of initiatives/sql/network_reach.sql.
    'networks', coalesce((SELECT json_object_agg(kind || ':' || code, n) FROM (
        SELECT kind, code, count(*) AS n FROM initiatives_network_reach WHERE kind <> 'all' GROUP BY 1, 2) r), '{}'::json)
)
"""


def territory_list(*, state=None):
    """Every region then every department, by name: kind, code, name, initiative_count,
    network_count (networks with public members there) and seat (its chef-lieu: insee, name,
    lon, lat)."""

    def compute():
        counts = _json(TERRITORY_COUNTS_SQL, {})
        rows = [("region", code, name) for code, name in territories.region_choices()]
        rows += [("departement", code, name) for code, name in territories.department_choices()]
        return [
            {"kind": kind, "code": code, "name": name, "initiative_count": counts[kind].get(code, 0),
             "network_count": counts["networks"].get(f"{kind}:{code}", 0), "seat": territories.SEATS[kind][code]}
            for kind, code, name in rows
        ]

    return per_dataset_version("territory-list", compute, state=state)


TERRITORY_SQL = """
WITH
here AS MATERIALIZED (
    SELECT id, kind FROM initiatives_initiative WHERE status = 'published' AND {column} = %(code)s
),
mem AS MATERIALIZED (
    SELECT pm.member_id, pm.network_id FROM {public} pm JOIN here h ON h.id = pm.member_id
),
-- The networks present and their members here and elsewhere: the sums kept by
-- initiatives/sql/network_reach.sql, read by index rather than counted from every member.
present AS MATERIALIZED (
    SELECT network_id, members AS local FROM initiatives_network_reach WHERE kind = %(kind)s AND code = %(code)s
),
linked AS MATERIALIZED (  -- the places where each has most members, and how many in all
    SELECT r.network_id, count(*) AS territories,
           to_json((array_agg(json_build_object('code', r.code, 'count', r.members)
                              ORDER BY r.members DESC, r.code))[1:{places}]) AS places
    FROM present p JOIN initiatives_network_reach r ON r.network_id = p.network_id
    WHERE r.kind = %(kind)s AND r.code <> %(code)s
    GROUP BY r.network_id
),
per_member AS (SELECT member_id, count(*) AS n FROM mem GROUP BY member_id)
SELECT json_build_object(
    'initiative_count', (SELECT count(*) FROM here),
    'by_kind', coalesce((SELECT json_object_agg(kind, n) FROM (
        SELECT kind, count(*) AS n FROM here GROUP BY kind) k), '{{}}'::json),
    'by_theme', coalesce((
        SELECT json_agg(json_build_object('slug', t.slug, 'name', t.name_fr, 'name_en', t.name_en,
                                          'colour', t.colour, 'count', c.n)
                        ORDER BY c.n DESC, t.position, t.slug)
        FROM (SELECT it.theme_id, count(*) AS n FROM here h
              JOIN initiatives_initiative_themes it ON it.initiative_id = h.id GROUP BY 1) c
        JOIN initiatives_theme t ON t.id = c.theme_id), '[]'::json),
    'members', (SELECT count(*) FROM per_member),
    'multi_members', (SELECT count(*) FROM per_member WHERE n >= 2),
    'networks', coalesce((
        SELECT json_agg(json_build_object('slug', x.slug, 'name', x.name, 'local_members', x.local)
                        ORDER BY x.local DESC, x.name, x.id)
        FROM (SELECT n.id, n.slug, n.name || '' AS name, p.local  -- each name read once (see NETWORK_SQL)
              FROM present p JOIN initiatives_initiative n ON n.id = p.network_id) x), '[]'::json),
    'linking_network_count', (SELECT count(*) FROM linked),
    'linking_networks', coalesce((
        SELECT json_agg(json_build_object('slug', n.slug, 'name', n.name, 'local_members', l.local,
                                          'territory_count', l.territories, 'elsewhere', l.places)
                        ORDER BY l.territories DESC, n.name, n.id)
        FROM (SELECT l.*, p.local FROM linked l JOIN present p ON p.network_id = l.network_id
              ORDER BY l.territories DESC, p.local DESC, l.network_id LIMIT {linking}) l
        JOIN initiatives_initiative n ON n.id = l.network_id), '[]'::json)
)
"""


def territory_indicators(kind, code, *, state=None):
    """A region or department (kind "region" or "departement"): its published initiatives by
    theme and kind, the networks present with their number of local members, the local
    multi-membership rate (share of its initiatives in a network that are in two or more),
    and the networks linking it to other territories of the same kind (`territory_count`, and
    `elsewhere`: the PLACES where it has most members, with how many) — the LINKING most
    widespread, `linking_network_count` in all. Raises UnknownTerritory."""
    kind, code, name = territory(kind, code)
    column = TERRITORY_KINDS[kind]
    name_of = territories.region_name if kind == "region" else territories.department_name

    def compute():
        sql = TERRITORY_SQL.format(column=column, public=PUBLIC_MEMBERSHIP, places=PLACES, linking=LINKING)
        data = _json(sql, {"kind": kind, "code": code})
        data["multi_membership_rate"] = _rate(data["multi_members"], data["members"])
        for network in data["linking_networks"]:
            for row in network["elsewhere"]:
                row["name"] = name_of(row["code"]) or row["code"]
        return {"kind": kind, "code": code, "name": name, **data}

    return per_dataset_version(f"territory:{kind}:{code}", compute, state=state)
