-- PostgreSQL keeps each initiative's Feature ready to serve, whoever writes (services, admin,
-- importers, psql), and every write to the published data bumps the dataset version (the
-- ETag and Last-Modified of every read).

-- The row's own Feature, rebuilt on every update of the row, and built on every insert that
-- does not bring it. The application's models do not know the column, so only an INSERT
-- written for it brings one: a bulk import's, which builds its batch's Features with
-- initiative_features() in the INSERT itself (feature.sql), and a restored dump's.
CREATE OR REPLACE FUNCTION initiative_build_feature() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.feature := initiative_feature(NEW);
    RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER initiative_build_feature BEFORE UPDATE ON initiatives_initiative
    FOR EACH ROW EXECUTE FUNCTION initiative_build_feature();
CREATE OR REPLACE TRIGGER initiative_build_feature_on_insert BEFORE INSERT ON initiatives_initiative
    FOR EACH ROW WHEN (NEW.feature IS NULL) EXECUTE FUNCTION initiative_build_feature();

-- "Touching" rows makes the trigger above rebuild their Features. A Feature rebuilt because
-- something it shows changed elsewhere moves updated_at (partners syncing with
-- ?updated_since= see it), not version (nobody edited the initiative). clock_timestamp(),
-- not now(): now() is the start of the transaction, which may be earlier than the
-- updated_at Django has just written in the same transaction.
-- Ids with no row yet touch nothing, and run no UPDATE at all: an import inserts a batch's
-- themes, memberships and links before its initiatives (whose Features are then built once),
-- and an empty UPDATE per relation would still bump the dataset's single row each time —
-- thousands of versions of one row in one transaction, each read slower than the last.
-- Planned at each call (plan_cache_mode): a plan cached while a bulk import's transaction
-- began with a small table would scan the table for every statement that follows.
CREATE OR REPLACE FUNCTION initiative_touch(ids bigint[]) RETURNS void LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM initiatives_initiative WHERE id = ANY(ids)) THEN
        UPDATE initiatives_initiative SET feature = NULL, updated_at = clock_timestamp()
        WHERE id = ANY(ids);
    END IF;
END $$;

-- A network's name, slug or status is part of its members' Features.
CREATE OR REPLACE FUNCTION initiative_touch_members() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.name IS DISTINCT FROM OLD.name OR NEW.slug IS DISTINCT FROM OLD.slug
       OR NEW.status IS DISTINCT FROM OLD.status THEN
        PERFORM initiative_touch(ARRAY(
            SELECT member_id FROM initiatives_membership WHERE network_id = NEW.id));
    END IF;
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER initiative_touch_members AFTER UPDATE ON initiatives_initiative
    FOR EACH ROW EXECUTE FUNCTION initiative_touch_members();

-- Themes, links and memberships are part of the initiative's Feature. Once per statement, for
-- the owners of all the rows it wrote (transition tables; a trigger that has them takes one
-- event): a bulk insert of an import's relations costs one call, not one per row — and one
-- initiative_touch per row would run a cached plan made when the table was small, a scan
-- that grows with every row the import adds.
CREATE OR REPLACE FUNCTION initiative_touch_owner() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    col text := TG_ARGV[0];
    ids bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        EXECUTE format('SELECT array_agg(DISTINCT %I) FROM new_rows', col) INTO ids;
    ELSIF TG_OP = 'DELETE' THEN
        EXECUTE format('SELECT array_agg(DISTINCT %I) FROM old_rows', col) INTO ids;
    ELSE
        EXECUTE format('SELECT array_agg(DISTINCT o) FROM (SELECT %1$I AS o FROM new_rows UNION SELECT %1$I FROM old_rows) r',
                       col) INTO ids;
    END IF;
    IF ids IS NOT NULL THEN
        PERFORM initiative_touch(ids);
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS theme_link_touch ON initiatives_initiative_themes;
DROP TRIGGER IF EXISTS membership_touch ON initiatives_membership;
DROP TRIGGER IF EXISTS link_touch ON initiatives_link;
CREATE OR REPLACE TRIGGER theme_link_touch_insert AFTER INSERT ON initiatives_initiative_themes
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION initiative_touch_owner('initiative_id');
CREATE OR REPLACE TRIGGER theme_link_touch_update AFTER UPDATE ON initiatives_initiative_themes
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION initiative_touch_owner('initiative_id');
CREATE OR REPLACE TRIGGER theme_link_touch_delete AFTER DELETE ON initiatives_initiative_themes
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION initiative_touch_owner('initiative_id');
CREATE OR REPLACE TRIGGER membership_touch_insert AFTER INSERT ON initiatives_membership
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION initiative_touch_owner('member_id');
CREATE OR REPLACE TRIGGER membership_touch_update AFTER UPDATE ON initiatives_membership
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION initiative_touch_owner('member_id');
CREATE OR REPLACE TRIGGER membership_touch_delete AFTER DELETE ON initiatives_membership
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION initiative_touch_owner('member_id');
CREATE OR REPLACE TRIGGER link_touch_insert AFTER INSERT ON initiatives_link
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION initiative_touch_owner('initiative_id');
CREATE OR REPLACE TRIGGER link_touch_update AFTER UPDATE ON initiatives_link
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION initiative_touch_owner('initiative_id');
CREATE OR REPLACE TRIGGER link_touch_delete AFTER DELETE ON initiatives_link
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION initiative_touch_owner('initiative_id');

-- A theme's names and colour are part of the Features of the initiatives that have it.
CREATE OR REPLACE FUNCTION theme_touch_initiatives() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM initiative_touch(ARRAY(
        SELECT initiative_id FROM initiatives_initiative_themes WHERE theme_id = NEW.id));
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER theme_touch_initiatives AFTER UPDATE ON initiatives_theme
    FOR EACH ROW EXECUTE FUNCTION theme_touch_initiatives();

-- Only a network can have members.
CREATE OR REPLACE FUNCTION membership_network_kind() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM initiatives_initiative WHERE id = NEW.network_id AND kind = 'network') THEN
        RAISE EXCEPTION 'initiative % is not a network: it cannot have members', NEW.network_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'membership_network_kind';
    END IF;
    RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER membership_network_kind BEFORE INSERT OR UPDATE ON initiatives_membership
    FOR EACH ROW EXECUTE FUNCTION membership_network_kind();

-- Licence, attribution and site URL are in every Feature: rebuild them all when they change.
CREATE OR REPLACE FUNCTION dataset_rebuild_features() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE initiatives_initiative SET feature = NULL, updated_at = clock_timestamp();
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER dataset_rebuild_features
    AFTER UPDATE OF license, license_url, attribution, site_url ON initiatives_dataset
    FOR EACH ROW EXECUTE FUNCTION dataset_rebuild_features();

-- Every write to the published data bumps the dataset version (ETag / Last-Modified).
CREATE OR REPLACE FUNCTION dataset_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE initiatives_dataset SET version = version + 1, changed_at = now() WHERE id = 1;
    RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER dataset_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiatives_initiative
    FOR EACH STATEMENT EXECUTE FUNCTION dataset_bump_version();
CREATE OR REPLACE TRIGGER dataset_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiatives_theme
    FOR EACH STATEMENT EXECUTE FUNCTION dataset_bump_version();
CREATE OR REPLACE TRIGGER dataset_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiatives_initiative_themes
    FOR EACH STATEMENT EXECUTE FUNCTION dataset_bump_version();
CREATE OR REPLACE TRIGGER dataset_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiatives_membership
    FOR EACH STATEMENT EXECUTE FUNCTION dataset_bump_version();
CREATE OR REPLACE TRIGGER dataset_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON initiatives_link
    FOR EACH STATEMENT EXECUTE FUNCTION dataset_bump_version();
