-- Job notifications that are delivered (docs/notifications.md).
--
-- aloe_notifications: one row per subscription (from the job's submission or POST /notifications/v2).
-- aloe_notification_deliveries: the outbox. A row is written by the trigger below in the same statement as the job
--   event that calls for it, so a crash can never separate an event from its deliveries. Its uuid is the delivery id
--   a receiver sees on every try (X-Agave-Delivery), for de-duplication.
-- aloe_notification_attempts: one row per try (webhook POST or SMTP send): time, response code, duration, error.

CREATE TABLE IF NOT EXISTS aloe_notifications (
    uuid         uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id    varchar(64)   NOT NULL,
    owner        varchar(64)   NOT NULL,
    job_uuid     uuid          NOT NULL REFERENCES aloe_jobs (uuid) ON DELETE CASCADE,
    event        varchar(64)   NOT NULL,
    url          varchar(1024) NOT NULL,
    persistent   boolean       NOT NULL,
    policy       jsonb         NOT NULL DEFAULT '{}'::jsonb,
    -- ACTIVE: fires on its next matching event. COMPLETE: a one-time notification that has fired.
    -- FAILED: its last delivery exhausted its retries (a persistent one still fires on later events).
    status       varchar(16)   NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'COMPLETE', 'FAILED')),
    created      timestamptz   NOT NULL DEFAULT now(),
    last_updated timestamptz   NOT NULL DEFAULT now(),
    last_sent    timestamptz
);
CREATE INDEX IF NOT EXISTS ix_aloe_notifications_job ON aloe_notifications (job_uuid, created);

CREATE TABLE IF NOT EXISTS aloe_notification_deliveries (
    uuid              uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    notification_uuid uuid          NOT NULL REFERENCES aloe_notifications (uuid) ON DELETE CASCADE,
    job_uuid          uuid          NOT NULL,
    event_id          bigint        NOT NULL,
    event             varchar(64)   NOT NULL,
    status            varchar(32)   NOT NULL,
    -- The URL or address as subscribed (macros unresolved): deliveries of one job to one target go out in event order.
    target            varchar(1024) NOT NULL,
    -- Where the tries go (a webhook's host and port, or 'smtp'): each dispatcher caps its tries in flight per destination.
    destination       varchar(1024) NOT NULL,
    state             varchar(16)   NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts          integer       NOT NULL DEFAULT 0,
    next_attempt      timestamptz   NOT NULL,
    -- Set while a dispatcher works on the row; another dispatcher takes it over once it has passed (a dead silo).
    lease_until       timestamptz,
    -- Names the claim, so a dispatcher whose lease ran out cannot record over the one that took the row over.
    lease_token       uuid,
    created           timestamptz   NOT NULL DEFAULT now(),
    finished          timestamptz,
    UNIQUE (notification_uuid, event_id)
);
CREATE INDEX IF NOT EXISTS ix_aloe_notification_deliveries_due
    ON aloe_notification_deliveries (next_attempt) WHERE state = 'PENDING';
CREATE INDEX IF NOT EXISTS ix_aloe_notification_deliveries_order
    ON aloe_notification_deliveries (job_uuid, target, event_id) WHERE state = 'PENDING';
CREATE INDEX IF NOT EXISTS ix_aloe_notification_deliveries_notification
    ON aloe_notification_deliveries (notification_uuid, event_id);

CREATE TABLE IF NOT EXISTS aloe_notification_attempts (
    id                bigint        GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_uuid     uuid          NOT NULL REFERENCES aloe_notification_deliveries (uuid) ON DELETE CASCADE,
    notification_uuid uuid          NOT NULL,
    attempt           integer       NOT NULL,
    started           timestamptz   NOT NULL,
    duration_ms       integer       NOT NULL,
    response_code     integer,
    error             varchar(1024),
    delivered         boolean       NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_aloe_notification_attempts_notification ON aloe_notification_attempts (notification_uuid, id);

-- The outbox write. It runs inside the statement that inserts the event (a status change writes the job row and its
-- event in one statement), so the event and its deliveries commit together or not at all. The service's own
-- bookkeeping events about notifications never call for notifications, or a failing receiver would feed itself.
CREATE OR REPLACE FUNCTION aloe_enqueue_notifications() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.event IN ('NOTIFICATION_DELIVERED', 'NOTIFICATION_FAILED') THEN
        RETURN NULL;
    END IF;

    WITH due AS (
        UPDATE aloe_notifications n
        SET status = CASE WHEN n.persistent THEN n.status ELSE 'COMPLETE' END,
            last_updated = now()
        WHERE n.job_uuid = NEW.job_uuid
          AND (n.status = 'ACTIVE' OR (n.persistent AND n.status = 'FAILED'))
          AND (n.event = '*' OR n.event = NEW.event)
        RETURNING n.uuid, n.url, n.policy)
    INSERT INTO aloe_notification_deliveries (notification_uuid, job_uuid, event_id, event, status, target, destination, next_attempt)
    SELECT due.uuid, NEW.job_uuid, NEW.id, NEW.event, NEW.status, due.url,
           CASE WHEN due.url ~* '^https?://' THEN lower(substring(due.url FROM '^[A-Za-z]+://([^/?#]*)')) ELSE 'smtp' END,
           now() + make_interval(secs => COALESCE((due.policy ->> 'retryDelay')::integer, 0))
    FROM due
    ON CONFLICT (notification_uuid, event_id) DO NOTHING;

    IF FOUND THEN
        -- Sent at commit: wakes the dispatchers at once instead of at their next poll.
        PERFORM pg_notify('aloe_notifications', '');
    END IF;

    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS tr_aloe_job_events_notify ON aloe_job_events;
CREATE TRIGGER tr_aloe_job_events_notify AFTER INSERT ON aloe_job_events
    FOR EACH ROW EXECUTE FUNCTION aloe_enqueue_notifications();

-- Jobs accepted before this migration keep the notifications they asked for: unfinished ones get their rows now.
INSERT INTO aloe_notifications (tenant_id, owner, job_uuid, event, url, persistent)
SELECT j.tenant_id, j.owner, j.uuid, n ->> 'event', n ->> 'url', COALESCE((n ->> 'persistent')::boolean, false)
FROM aloe_jobs j CROSS JOIN LATERAL jsonb_array_elements(j.notifications) AS n
WHERE j.status NOT IN ('FINISHED', 'STOPPED', 'FAILED')
  AND jsonb_typeof(j.notifications) = 'array'
  AND NOT EXISTS (SELECT 1 FROM aloe_notifications x WHERE x.job_uuid = j.uuid);
