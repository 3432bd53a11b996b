-- A network cannot belong, directly or through other networks, to one of its own members:
-- "A in B in A", at any depth, is refused whoever writes (services, admin, importers, psql).
--
-- Inserting "member in network" closes a cycle exactly when `network` is already among the
-- members of `member`, at any depth. The walk follows every membership, published or not: a
-- cycle through an unpublished network would appear the day it is published.
--
-- Two transactions could each add one half of a cycle without seeing the other's row, so the
-- check runs under a transaction-level advisory lock, taken only when the member is itself a
-- network (the only case that can close a cycle). In READ COMMITTED each statement of this
-- function sees what committed before it, so the second writer sees the first one's row.
CREATE OR REPLACE FUNCTION membership_refuse_cycle() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM initiatives_initiative WHERE id = NEW.member_id AND kind = 'network') THEN
        RETURN NEW;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('initiatives_membership_cycles'));
    IF EXISTS (
        WITH RECURSIVE below(id) AS (
            SELECT m.member_id FROM initiatives_membership m WHERE m.network_id = NEW.member_id
            UNION
            SELECT m.member_id FROM initiatives_membership m JOIN below ON m.network_id = below.id
        )
        SELECT 1 FROM below WHERE id = NEW.network_id
    ) THEN
        RAISE EXCEPTION 'membership cycle: initiative % already has initiative % among its members',
            NEW.member_id, NEW.network_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'membership_no_cycle';
    END IF;
    RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER membership_refuse_cycle BEFORE INSERT OR UPDATE OF member_id, network_id
    ON initiatives_membership FOR EACH ROW EXECUTE FUNCTION membership_refuse_cycle();
