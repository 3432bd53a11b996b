"""PostgreSQL keeps each initiative's GeoJSON Feature ready to serve.

`initiatives_initiative.feature` (text, not mapped by Django) holds the RFC 7946 Feature built
by `initiative_feature()` from the row, its themes, links and published networks. Triggers
rebuild it whenever any of those change — whoever writes (services, admin, importers, psql) —
so the read path only concatenates stored text: no per-feature work in Python, and none in SQL
either beyond filtering.

The same triggers bump `initiatives_dataset.version`, the ETag of every read endpoint.
"""

from django.db import migrations

FEATURE_FUNCTION = r"""
CREATE FUNCTION initiative_feature(i initiatives_initiative) RETURNS text
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
            JOIN initiatives_initiative n ON n.id = m.network_id
            WHERE m.member_id = i.id AND n.status = 'published'), '[]'::json),
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
"""

TRIGGERS = r"""
ALTER TABLE initiatives_initiative ADD COLUMN feature text;

ALTER TABLE initiatives_initiative ADD CONSTRAINT initiative_location_in_range CHECK (
    location IS NULL OR (
        NOT ST_IsEmpty(location)
        AND ST_X(location) BETWEEN -180 AND 180
        AND ST_Y(location) BETWEEN -90 AND 90
    )
);

INSERT INTO initiatives_dataset (id, version, changed_at, license, license_url, attribution, site_url)
VALUES (1, 1, now(), '', '', '', '');

-- The row's own Feature, rebuilt on every insert and update of the row.
CREATE FUNCTION initiative_build_feature() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.feature := initiative_feature(NEW);
    RETURN NEW;
END $$;
CREATE TRIGGER initiative_build_feature BEFORE INSERT OR UPDATE ON initiatives_initiative
    FOR EACH ROW EXECUTE FUNCTION initiative_build_feature();

-- "Touching" a row (a no-op UPDATE) makes the trigger above rebuild its Feature.
CREATE FUNCTION initiative_touch(ids bigint[]) RETURNS void LANGUAGE sql AS $$
    UPDATE initiatives_initiative SET feature = NULL WHERE id = ANY(ids);
$$;

-- A network's name, slug or status is part of its members' Features.
CREATE FUNCTION initiative_touch_members() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.name IS DISTINCT FROM OLD.name OR NEW.slug IS DISTINCT FROM OLD.slug
       OR NEW.status IS DISTINCT FROM OLD.status THEN
        PERFORM initiative_touch(ARRAY(
            SELECT member_id FROM initiatives_membership WHERE network_id = NEW.id));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER initiative_touch_members AFTER UPDATE ON initiatives_initiative
    FOR EACH ROW EXECUTE FUNCTION initiative_touch_members();

-- Themes, links and memberships are part of the initiative's Feature.
CREATE FUNCTION initiative_touch_owner() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    col text := TG_ARGV[0];
    ids bigint[];
BEGIN
    IF TG_OP = 'DELETE' THEN
        EXECUTE format('SELECT ARRAY[($1).%I]::bigint[]', col) INTO ids USING OLD;
    ELSIF TG_OP = 'INSERT' THEN
        EXECUTE format('SELECT ARRAY[($1).%I]::bigint[]', col) INTO ids USING NEW;
    ELSE
        EXECUTE format('SELECT ARRAY[($1).%I, ($2).%I]::bigint[]', col, col) INTO ids USING NEW, OLD;
    END IF;
    PERFORM initiative_touch(ids);
    RETURN NULL;
END $$;
CREATE TRIGGER theme_link_touch AFTER INSERT OR UPDATE OR DELETE ON initiatives_initiative_themes
    FOR EACH ROW EXECUTE FUNCTION initiative_touch_owner('initiative_id');
CREATE TRIGGER membership_touch AFTER INSERT OR UPDATE OR DELETE ON initiatives_membership
    FOR EACH ROW EXECUTE FUNCTION initiative_touch_owner('member_id');
CREATE TRIGGER link_touch AFTER INSERT OR UPDATE OR DELETE ON initiatives_link
    FOR EACH ROW EXECUTE FUNCTION initiative_touch_owner('initiative_id');

-- A theme's names and colour are part of the Features of the initiatives that have it.
CREATE FUNCTION theme_touch_initiatives() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM initiative_touch(ARRAY(
        SELECT initiative_id FROM initiatives_initiative_themes WHERE theme_id = NEW.id));
    RETURN NULL;
END $$;
CREATE TRIGGER theme_touch_initiatives AFTER UPDATE ON initiatives_theme
    FOR EACH ROW EXECUTE FUNCTION theme_touch_initiatives();

-- Only a network can have members.
CREATE FUNCTION membership_network_kind() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM initiatives_initiative WHERE id = NEW.network_id AND kind = 'network') THEN
        RAISE EXCEPTION 'initiative % is not a network: it cannot have members', NEW.network_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'membership_network_kind';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER membership_network_kind BEFORE INSERT OR UPDATE ON initiatives_membership
    FOR EACH ROW EXECUTE FUNCTION membership_network_kind();

-- Licence, attribution and site URL are in every Feature: rebuild them all when they change.
CREATE FUNCTION dataset_rebuild_features() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE initiatives_initiative SET feature = NULL;
    RETURN NULL;
END $$;
CREATE TRIGGER dataset_rebuild_features
    AFTER UPDATE OF license, license_url, attribution, site_url ON initiatives_dataset
    FOR EACH ROW EXECUTE FUNCTION dataset_rebuild_features();

-- Every write to the published data bumps the dataset version (ETag / Last-Modified).
CREATE FUNCTION dataset_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE initiatives_dataset SET version = version + 1, changed_at = now() WHERE id = 1;
    RETURN NULL;
END $$;
CREATE TRIGGER dataset_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiatives_initiative
    FOR EACH STATEMENT EXECUTE FUNCTION dataset_bump_version();
CREATE TRIGGER dataset_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiatives_theme
    FOR EACH STATEMENT EXECUTE FUNCTION dataset_bump_version();
CREATE TRIGGER dataset_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiatives_initiative_themes
    FOR EACH STATEMENT EXECUTE FUNCTION dataset_bump_version();
CREATE TRIGGER dataset_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiatives_membership
    FOR EACH STATEMENT EXECUTE FUNCTION dataset_bump_version();
CREATE TRIGGER dataset_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiatives_link
    FOR EACH STATEMENT EXECUTE FUNCTION dataset_bump_version();
"""

REVERSE = r"""
DROP TRIGGER IF EXISTS dataset_bump ON initiatives_initiative;
DROP TRIGGER IF EXISTS dataset_bump ON initiatives_theme;
DROP TRIGGER IF EXISTS dataset_bump ON initiatives_initiative_themes;
DROP TRIGGER IF EXISTS dataset_bump ON initiatives_membership;
DROP TRIGGER IF EXISTS dataset_bump ON initiatives_link;
DROP FUNCTION IF EXISTS dataset_bump_version();
DROP TRIGGER IF EXISTS dataset_rebuild_features ON initiatives_dataset;
DROP FUNCTION IF EXISTS dataset_rebuild_features();
DROP TRIGGER IF EXISTS membership_network_kind ON initiatives_membership;
DROP FUNCTION IF EXISTS membership_network_kind();
DROP TRIGGER IF EXISTS theme_touch_initiatives ON initiatives_theme;
DROP FUNCTION IF EXISTS theme_touch_initiatives();
DROP TRIGGER IF EXISTS theme_link_touch ON initiatives_initiative_themes;
DROP TRIGGER IF EXISTS membership_touch ON initiatives_membership;
DROP TRIGGER IF EXISTS link_touch ON initiatives_link;
DROP FUNCTION IF EXISTS initiative_touch_owner();
DROP TRIGGER IF EXISTS initiative_touch_members ON initiatives_initiative;
DROP FUNCTION IF EXISTS initiative_touch_members();
DROP FUNCTION IF EXISTS initiative_touch(bigint[]);
DROP TRIGGER IF EXISTS initiative_build_feature ON initiatives_initiative;
DROP FUNCTION IF EXISTS initiative_build_feature();
DROP FUNCTION IF EXISTS initiative_feature(initiatives_initiative);
DELETE FROM initiatives_dataset;
ALTER TABLE initiatives_initiative DROP CONSTRAINT IF EXISTS initiative_location_in_range;
ALTER TABLE initiatives_initiative DROP COLUMN IF EXISTS feature;
"""


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]

    # The function is created after the column it reads (the row type must include `feature`).
    operations = [migrations.RunSQL(TRIGGERS + FEATURE_FUNCTION, REVERSE)]
