-- PostgreSQL keeps each initiative's Feature ready to serve, whoever writes (services, admin,
-- importers, psql), and every write to the published data bumps the dataset version (the
-- ETag and Last-Modified of every read).

-- The row's own Feature, rebuilt on every insert and update of the row.
CREATE OR REPLACE FUNCTION initiative_build_feature() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.feature := initiative_feature(NEW);
    RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER initiative_build_feature BEFORE INSERT OR UPDATE ON initiatives_initiative
    FOR EACH ROW EXECUTE FUNCTION initiative_build_feature();

-- "Touching" rows makes the trigger above rebuild their Features. A Feature rebuilt because
-- something it shows changed elsewhere moves updated_at (partners syncing with
-- ?updated_since= see it), not version (nobody edited the initiative). clock_timestamp(),
-- not now(): now() is the start of the transaction, which may be earlier than the
-- updated_at Django has just written in the same transaction.
-- Ids with no row yet touch nothing, and run no UPDATE at all: an import inserts a batch's
-- themes, memberships and links before its initiatives (whose Features are then built once),
-- and an empty UPDATE per relation would still bump the dataset's single row each time —
-- thousands of versions of one row in one transaction, each read slower than the last.
CREATE OR REPLACE FUNCTION initiative_touch(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
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

-- Themes, links and memberships are part of the initiative's Feature.
CREATE OR REPLACE FUNCTION initiative_touch_owner() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE OR REPLACE TRIGGER theme_link_touch AFTER INSERT OR UPDATE OR DELETE ON initiatives_initiative_themes
    FOR EACH ROW EXECUTE FUNCTION initiative_touch_owner('initiative_id');
CREATE OR REPLACE TRIGGER membership_touch AFTER INSERT OR UPDATE OR DELETE ON initiatives_membership
    FOR EACH ROW EXECUTE FUNCTION initiative_touch_owner('member_id');
CREATE OR REPLACE TRIGGER link_touch AFTER INSERT OR UPDATE OR DELETE ON initiatives_link
    FOR EACH ROW EXECUTE FUNCTION initiative_touch_owner('initiative_id');

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
