-- Changes to tenant queues and tenant administrators reach every silo at once (docs/queues.md, "Changing queues").
--
-- Every insert, update or delete of an aloe_queues row sends NOTIFY aloe_queues with '<tenant>/<queue name>'; every
-- change of aloe_tenant_admins sends NOTIFY aloe_tenant_admins with the tenant. Each silo LISTENs: it drops the
-- tenant's routing table or admin list and tells the queue's grain to read its definition again. The notification is
-- sent at commit, so a silo never sees a change that is rolled back; a silo that missed one (its LISTEN connection
-- was down) still reads everything again within Aloe:Queues:ReconcileInterval.

CREATE OR REPLACE FUNCTION aloe_queues_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed aloe_queues;
BEGIN
    IF TG_OP = 'DELETE' THEN
        changed := OLD;
    ELSE
        changed := NEW;
    END IF;
    PERFORM pg_notify('aloe_queues', changed.tenant_id || '/' || changed.name);
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS tr_aloe_queues_changed ON aloe_queues;
CREATE TRIGGER tr_aloe_queues_changed AFTER INSERT OR UPDATE OR DELETE ON aloe_queues
    FOR EACH ROW EXECUTE FUNCTION aloe_queues_changed();

CREATE OR REPLACE FUNCTION aloe_tenant_admins_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('aloe_tenant_admins', OLD.tenant_id);
    ELSE
        PERFORM pg_notify('aloe_tenant_admins', NEW.tenant_id);
    END IF;
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS tr_aloe_tenant_admins_changed ON aloe_tenant_admins;
CREATE TRIGGER tr_aloe_tenant_admins_changed AFTER INSERT OR UPDATE OR DELETE ON aloe_tenant_admins
    FOR EACH ROW EXECUTE FUNCTION aloe_tenant_admins_changed();

-- An import may swap two queues' priorities in one transaction: the uniqueness of (tenant_id, priority) is checked at
-- commit there (SET CONSTRAINTS ... DEFERRED), and at once everywhere else.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'aloe_queues_tenant_id_priority_key') THEN
        ALTER TABLE aloe_queues DROP CONSTRAINT aloe_queues_tenant_id_priority_key;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'aloe_queues_tenant_priority') THEN
        ALTER TABLE aloe_queues ADD CONSTRAINT aloe_queues_tenant_priority UNIQUE (tenant_id, priority) DEFERRABLE INITIALLY IMMEDIATE;
    END IF;
END;
$$;
