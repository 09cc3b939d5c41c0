-- A cancelled job whose remote work could not be killed because its host or scheduler was unreachable (issue 8): the
-- job is STOPPED at once, and the kill is tried again until it succeeds or Aloe:Jobs:KillRetryFor has passed.
-- Idempotent: safe to run again.

ALTER TABLE aloe_jobs ADD COLUMN IF NOT EXISTS kill_pending boolean NOT NULL DEFAULT false;
