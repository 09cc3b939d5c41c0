-- Pause and resume of jobs (issue 8): when a PAUSED job was paused, how long it has been paused since its remote job
-- was submitted or last started (the time limits of monitoring add it), and who asked a PAUSED job to resume while it
-- waits for a worker slot to go back (so that the request survives a restart). The status it was paused from is
-- suspended_from, as for BLOCKED. Idempotent: safe to run again.

ALTER TABLE aloe_jobs ADD COLUMN IF NOT EXISTS paused_at timestamptz;
ALTER TABLE aloe_jobs ADD COLUMN IF NOT EXISTS paused_for interval NOT NULL DEFAULT interval '0';
ALTER TABLE aloe_jobs ADD COLUMN IF NOT EXISTS resume_requested_by text;
