-- The sums the territory pages and the graph read (initiatives/indicators.py), kept up to date
-- by the writes themselves, so that the first read after a write costs what the next one does:
--   initiatives_network_reach (network_id, kind, code, members): a network's public members in
--     all (kind 'all', code '') and in each region / department ('region' / 'departement');
--   initiatives_network_pair (network_a < network_b, members): the public members two
--     networks share;
--   initiatives_member_reach (member_id, networks): each published initiative's public
--     memberships, when it has any, and initiatives_membership_spread (networks, members): how
--     many initiatives have that many — the whole map's multi-membership rate in a few rows.
-- A membership is public when its network is a published network and its member is published
-- (indicators.PUBLIC_MEMBERSHIP). The triggers run once per statement on its changed rows
-- (transition tables): row triggers would see the other rows of a many-row DELETE or INSERT
-- already gone or already there, and miscount the pairs. A write changes a few rows here: a
-- membership, its network's and its member's other networks' rows; a member's status or
-- territory, its networks' rows; a network's status, its own rows, recounted. Rows at zero
-- are deleted. network_reach_rebuild() and member_reach_rebuild() recount everything (the migrations, and bench.generate,
-- whose bulk load runs without triggers).

-- Memberships (member_ids[i] in network_ids[i]) counted (delta 1) or uncounted (delta -1), those
-- that are public. Their members' other public memberships are the table's, but `skip` and
-- with the changed rows: for rows removed, the table as it was before the statement.
CREATE OR REPLACE FUNCTION membership_reach_apply(member_ids bigint[], network_ids bigint[],
                                                  skip_members bigint[], skip_networks bigint[], delta integer)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO initiatives_network_reach AS r (network_id, kind, code, members)
    SELECT c.network_id, v.kind, v.code, delta * count(*)
    FROM unnest(member_ids, network_ids) AS c(member_id, network_id)
    JOIN initiatives_initiative n ON n.id = c.network_id AND n.status = 'published' AND n.kind = 'network'
    JOIN initiatives_initiative i ON i.id = c.member_id AND i.status = 'published'
    CROSS JOIN LATERAL (VALUES ('all', ''), ('region', i.region_code), ('departement', i.department_code)) AS v(kind, code)
    WHERE v.kind = 'all' OR v.code <> ''
    GROUP BY 1, 2, 3
    ON CONFLICT (network_id, kind, code) DO UPDATE SET members = r.members + excluded.members;

    WITH changed AS (
        SELECT c.member_id, c.network_id
        FROM unnest(member_ids, network_ids) AS c(member_id, network_id)
        JOIN initiatives_initiative n ON n.id = c.network_id AND n.status = 'published' AND n.kind = 'network'
        JOIN initiatives_initiative i ON i.id = c.member_id AND i.status = 'published'
    ),
    around AS (  -- each changed member's public memberships, the changed ones included
        SELECT o.member_id, o.network_id FROM initiatives_membership o
        JOIN initiatives_initiative n ON n.id = o.network_id AND n.status = 'published' AND n.kind = 'network'
        WHERE o.member_id IN (SELECT member_id FROM changed)
          AND (o.member_id, o.network_id) NOT IN (SELECT * FROM unnest(skip_members, skip_networks))
        UNION
        SELECT member_id, network_id FROM changed
    )
    INSERT INTO initiatives_network_pair AS p (network_a, network_b, members)
    SELECT least(c.network_id, a.network_id), greatest(c.network_id, a.network_id), delta * count(*)
    FROM changed c JOIN around a ON a.member_id = c.member_id AND a.network_id <> c.network_id
    -- a pair of two changed rows, once
    WHERE c.network_id < a.network_id
       OR (a.member_id, a.network_id) NOT IN (SELECT member_id, network_id FROM changed)
    GROUP BY 1, 2
    ON CONFLICT (network_a, network_b) DO UPDATE SET members = p.members + excluded.members;

    DELETE FROM initiatives_network_reach WHERE members = 0;
    DELETE FROM initiatives_network_pair WHERE members = 0;
END $$;

-- The public memberships of `touched_ids` (initiatives just written), counted again from the
-- table as it is now, and the spread moved from their old counts to their new ones. Counting
-- again rather than adding deltas: a status change, a network appearing and a membership
-- moving all end here the same way.
CREATE OR REPLACE FUNCTION member_reach_recount(touched_ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- One statement: every part reads the counts as they were before it (the spread's old side).
    WITH fresh AS MATERIALIZED (
        SELECT u.id AS member_id, CASE WHEN i.status = 'published' THEN (
            SELECT count(*) FROM initiatives_membership m
            JOIN initiatives_initiative n ON n.id = m.network_id AND n.status = 'published' AND n.kind = 'network'
            WHERE m.member_id = u.id) ELSE 0 END AS networks
        FROM (SELECT DISTINCT unnest(touched_ids) AS id) u LEFT JOIN initiatives_initiative i ON i.id = u.id
    ),
    spread AS (
        INSERT INTO initiatives_membership_spread AS s (networks, members)
        SELECT networks, sum(delta) FROM (
            SELECT r.networks, -1 AS delta FROM initiatives_member_reach r JOIN fresh f USING (member_id)
            UNION ALL
            SELECT networks, 1 FROM fresh WHERE networks > 0
        ) d GROUP BY 1 HAVING sum(delta) <> 0
        ON CONFLICT (networks) DO UPDATE SET members = s.members + excluded.members
    ),
    gone AS (
        DELETE FROM initiatives_member_reach r USING fresh f WHERE r.member_id = f.member_id AND f.networks = 0
    )
    INSERT INTO initiatives_member_reach AS r (member_id, networks)
    SELECT member_id, networks FROM fresh WHERE networks > 0
    ON CONFLICT (member_id) DO UPDATE SET networks = excluded.networks;
    DELETE FROM initiatives_membership_spread WHERE members = 0;
END $$;

CREATE OR REPLACE FUNCTION membership_reach() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_members bigint[];
    old_networks bigint[];
    new_members bigint[];
    new_networks bigint[];
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        SELECT coalesce(array_agg(member_id), '{}'), coalesce(array_agg(network_id), '{}')
        INTO old_members, old_networks FROM old_rows;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT coalesce(array_agg(member_id), '{}'), coalesce(array_agg(network_id), '{}')
        INTO new_members, new_networks FROM new_rows;
    END IF;
    IF TG_OP = 'INSERT' THEN
        PERFORM membership_reach_apply(new_members, new_networks, '{}', '{}', 1);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM membership_reach_apply(old_members, old_networks, '{}', '{}', -1);
    ELSE  -- the old rows against the table before the statement, then the new ones after it
        PERFORM membership_reach_apply(old_members, old_networks, new_members, new_networks, -1);
        PERFORM membership_reach_apply(new_members, new_networks, '{}', '{}', 1);
    END IF;
    PERFORM member_reach_recount(coalesce(old_members, '{}') || coalesce(new_members, '{}'));
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER membership_reach_insert AFTER INSERT ON initiatives_membership
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION membership_reach();
CREATE OR REPLACE TRIGGER membership_reach_delete AFTER DELETE ON initiatives_membership
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION membership_reach();
CREATE OR REPLACE TRIGGER membership_reach_update AFTER UPDATE ON initiatives_membership
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION membership_reach();

-- A network's own rows, recounted from the memberships: when it becomes (or stops being) a
-- published network. Costs its members and their other memberships.
CREATE OR REPLACE FUNCTION network_reach_recount(network bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM initiatives_network_reach WHERE network_id = network;
    DELETE FROM initiatives_network_pair WHERE network_a = network OR network_b = network;
    INSERT INTO initiatives_network_reach (network_id, kind, code, members)
    SELECT network, v.kind, v.code, count(*)
    FROM initiatives_membership m
    JOIN initiatives_initiative n ON n.id = m.network_id AND n.status = 'published' AND n.kind = 'network'
    JOIN initiatives_initiative i ON i.id = m.member_id AND i.status = 'published'
    CROSS JOIN LATERAL (VALUES ('all', ''), ('region', i.region_code), ('departement', i.department_code)) AS v(kind, code)
    WHERE m.network_id = network AND (v.kind = 'all' OR v.code <> '')
    GROUP BY v.kind, v.code;
    INSERT INTO initiatives_network_pair (network_a, network_b, members)
    SELECT least(network, o.network_id), greatest(network, o.network_id), count(*)
    FROM initiatives_membership m
    JOIN initiatives_initiative n ON n.id = m.network_id AND n.status = 'published' AND n.kind = 'network'
    JOIN initiatives_initiative i ON i.id = m.member_id AND i.status = 'published'
    JOIN initiatives_membership o ON o.member_id = m.member_id AND o.network_id <> network
    JOIN initiatives_initiative n2 ON n2.id = o.network_id AND n2.status = 'published' AND n2.kind = 'network'
    WHERE m.network_id = network
    GROUP BY 1, 2;
END $$;

-- Initiatives whose status, kind or territory changed. The networks that appear or disappear
-- are recounted whole; in the other networks, a member that appears, disappears or moves
-- changes its counts, and a member that appears or disappears its networks' pairs.
CREATE OR REPLACE FUNCTION initiative_reach() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    recount bigint[];
    network bigint;
    touched bigint[];
BEGIN
    SELECT coalesce(array_agg(n.id), '{}') INTO recount
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE (o.status = 'published' AND o.kind = 'network') <> (n.status = 'published' AND n.kind = 'network');

    IF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
               WHERE (o.status, o.region_code, o.department_code) IS DISTINCT FROM (n.status, n.region_code, n.department_code)) THEN
        WITH moved AS (
            SELECT n.id, o.status = 'published' AS was_public, o.region_code AS old_region,
                   o.department_code AS old_department, n.status = 'published' AS is_public,
                   n.region_code AS new_region, n.department_code AS new_department
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (o.status = 'published' OR n.status = 'published')
              AND (o.status, o.region_code, o.department_code) IS DISTINCT FROM (n.status, n.region_code, n.department_code)
        )
        INSERT INTO initiatives_network_reach AS r (network_id, kind, code, members)
        SELECT m.network_id, v.kind, v.code, sum(v.delta)
        FROM moved mv
        JOIN initiatives_membership m ON m.member_id = mv.id AND m.network_id <> ALL(recount)
        JOIN initiatives_initiative n ON n.id = m.network_id AND n.status = 'published' AND n.kind = 'network'
        CROSS JOIN LATERAL (VALUES
            ('all', '', mv.is_public::integer - mv.was_public::integer),
            ('region', mv.old_region, -mv.was_public::integer), ('region', mv.new_region, mv.is_public::integer),
            ('departement', mv.old_department, -mv.was_public::integer), ('departement', mv.new_department, mv.is_public::integer)
        ) AS v(kind, code, delta)
        WHERE v.kind = 'all' OR v.code <> ''
        GROUP BY 1, 2, 3 HAVING sum(v.delta) <> 0
        ON CONFLICT (network_id, kind, code) DO UPDATE SET members = r.members + excluded.members;

        WITH moved AS (
            SELECT n.id, o.status = 'published' AS was_public, o.region_code AS old_region,
                   o.department_code AS old_department, n.status = 'published' AS is_public,
                   n.region_code AS new_region, n.department_code AS new_department
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (o.status = 'published' OR n.status = 'published')
              AND (o.status, o.region_code, o.department_code) IS DISTINCT FROM (n.status, n.region_code, n.department_code)
        )
        INSERT INTO initiatives_network_pair AS p (network_a, network_b, members)
        SELECT x.network_id, y.network_id, sum(CASE WHEN mv.is_public THEN 1 ELSE -1 END)
        FROM moved mv
        JOIN initiatives_membership x ON x.member_id = mv.id AND x.network_id <> ALL(recount)
        JOIN initiatives_membership y ON y.member_id = mv.id AND y.network_id > x.network_id AND y.network_id <> ALL(recount)
        JOIN initiatives_initiative nx ON nx.id = x.network_id AND nx.status = 'published' AND nx.kind = 'network'
        JOIN initiatives_initiative ny ON ny.id = y.network_id AND ny.status = 'published' AND ny.kind = 'network'
        WHERE mv.was_public <> mv.is_public
        GROUP BY 1, 2
        ON CONFLICT (network_a, network_b) DO UPDATE SET members = p.members + excluded.members;

        DELETE FROM initiatives_network_reach WHERE members = 0;
        DELETE FROM initiatives_network_pair WHERE members = 0;
    END IF;

    FOREACH network IN ARRAY recount LOOP
        PERFORM network_reach_recount(network);
    END LOOP;

    -- Members counted again: those published or unpublished, and the members of the networks
    -- that appeared or disappeared.
    SELECT coalesce(array_agg(id), '{}') INTO touched FROM (
        SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (o.status = 'published') <> (n.status = 'published')
        UNION
        SELECT m.member_id FROM initiatives_membership m WHERE m.network_id = ANY(recount)) t;
    IF touched <> '{}' THEN
        PERFORM member_reach_recount(touched);
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER initiative_reach AFTER UPDATE ON initiatives_initiative
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION initiative_reach();

-- Everything recounted, in two statements (and member_reach_rebuild(), two more).
CREATE OR REPLACE FUNCTION network_reach_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM initiatives_network_reach;
    DELETE FROM initiatives_network_pair;
    INSERT INTO initiatives_network_reach (network_id, kind, code, members)
    SELECT m.network_id, v.kind, v.code, count(*)
    FROM initiatives_membership m
    JOIN initiatives_initiative n ON n.id = m.network_id AND n.status = 'published' AND n.kind = 'network'
    JOIN initiatives_initiative i ON i.id = m.member_id AND i.status = 'published'
    CROSS JOIN LATERAL (VALUES ('all', ''), ('region', i.region_code), ('departement', i.department_code)) AS v(kind, code)
    WHERE v.kind = 'all' OR v.code <> ''
    GROUP BY 1, 2, 3;
    WITH pm AS MATERIALIZED (
        SELECT m.member_id, m.network_id FROM initiatives_membership m
        JOIN initiatives_initiative n ON n.id = m.network_id AND n.status = 'published' AND n.kind = 'network'
        JOIN initiatives_initiative i ON i.id = m.member_id AND i.status = 'published'
    )
    INSERT INTO initiatives_network_pair (network_a, network_b, members)
    SELECT x.network_id, y.network_id, count(*)
    FROM pm x JOIN pm y ON y.member_id = x.member_id AND y.network_id > x.network_id
    GROUP BY 1, 2;
END $$;

-- Apart from network_reach_rebuild(), which migration 0019 runs before these tables exist.
CREATE OR REPLACE FUNCTION member_reach_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM initiatives_member_reach;
    DELETE FROM initiatives_membership_spread;
    INSERT INTO initiatives_member_reach (member_id, networks)
    SELECT m.member_id, count(*) FROM initiatives_membership m
    JOIN initiatives_initiative n ON n.id = m.network_id AND n.status = 'published' AND n.kind = 'network'
    JOIN initiatives_initiative i ON i.id = m.member_id AND i.status = 'published'
    GROUP BY 1;
    INSERT INTO initiatives_membership_spread (networks, members)
    SELECT networks, count(*) FROM initiatives_member_reach GROUP BY 1;
END $$;
