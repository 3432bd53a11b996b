-- The RFC 7946 Feature of one initiative, as the read path serves it: the row, its themes,
-- its links and the published networks it belongs to, with the dataset's licence.
-- Stored in initiatives_initiative.feature by the trigger initiative_build_feature (triggers.sql).
-- Written as a set-returning SQL function (one row, none without the dataset's row) so that
-- the planner inlines it into a query that calls it in FROM for many rows (`LEFT JOIN
-- LATERAL initiative_features(s) ON true`): one plan for the whole statement, where a
-- function called per row starts an executor per row — 3x the cost for a bulk import's
-- batch (initiatives/imports/writes.py). initiative_feature() is the same for one row.
CREATE OR REPLACE FUNCTION initiative_features(i initiatives_initiative) RETURNS SETOF text
LANGUAGE sql STABLE AS $$
SELECT json_build_object(
    'type', 'Feature',
    'id', i.id,
    'geometry', ST_AsGeoJSON(i.location, 6)::json,
    'properties', json_build_object(
        'slug', i.slug,
        'name', i.name,
        'kind', i.kind,
        'summary', i.summary,
        'themes', COALESCE((
            SELECT json_agg(json_build_object(
                'slug', t.slug, 'name', t.name_fr, 'name_en', t.name_en, 'colour', t.colour
            ) ORDER BY t.position, t.slug)
            FROM initiatives_initiative_themes it
            JOIN initiatives_theme t ON t.id = it.theme_id
            WHERE it.initiative_id = i.id), '[]'::json),
        'networks', COALESCE((
            SELECT json_agg(json_build_object('id', n.id, 'slug', n.slug, 'name', n.name)
                            ORDER BY n.name, n.id)
            FROM initiatives_membership m
            -- Each membership, then its network by primary key, whatever the statistics
            -- say: stale ones, in a bulk import's transaction, planned a scan of every
            -- published initiative per row. OFFSET 0 keeps the planner from flattening the
            -- LATERAL subquery into a join it may reorder.
            CROSS JOIN LATERAL (SELECT id, slug, name FROM initiatives_initiative
                                WHERE id = m.network_id AND status = 'published' OFFSET 0) n
            WHERE m.member_id = i.id), '[]'::json),
        'links', COALESCE((
            SELECT json_agg(json_build_object('label', l.label, 'url', l.url)
                            ORDER BY l.position, l.id)
            FROM initiatives_link l WHERE l.initiative_id = i.id), '[]'::json),
        'website', i.website,
        'contact_email', i.contact_email,
        'address', i.address,
        'postal_code', i.postal_code,
        'commune', i.commune,
        'insee_code', i.insee_code,
        'department_code', i.department_code,
        'region_code', i.region_code,
        'scope', i.scope,
        'location_precision', i.location_precision,
        'url', d.site_url || '/initiatives/' || i.slug || '/',
        'api_url', d.site_url || '/api/v1/initiatives/' || i.slug || '/',
        'updated_at', to_char(i.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        'version', i.version,
        'license', d.license,
        'attribution', d.attribution
    )
)::text
FROM initiatives_dataset d WHERE d.id = 1
$$;

CREATE OR REPLACE FUNCTION initiative_feature(i initiatives_initiative) RETURNS text
LANGUAGE sql STABLE AS $$
SELECT f FROM initiative_features(i) AS f
$$;
