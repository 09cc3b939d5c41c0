-- The live event streams read the history in commit-safe order (docs/notifications.md, "The event stream").
--
-- Event ids are handed out when a row is inserted, not when it commits, so a reader that remembers "the last id I
-- sent" can pass over an event whose transaction commits late. Each event therefore records the id of the transaction
-- that wrote it, and a stream reads only events of transactions older than every transaction still running
-- (pg_snapshot_xmin): that part of the table, ordered by (xact_id, id), never changes again, so a cursor on it misses
-- nothing.
ALTER TABLE aloe_job_events ADD COLUMN IF NOT EXISTS xact_id xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX IF NOT EXISTS ix_aloe_job_events_feed ON aloe_job_events (xact_id, id);
CREATE INDEX IF NOT EXISTS ix_aloe_job_events_job_feed ON aloe_job_events (job_uuid, xact_id, id);
