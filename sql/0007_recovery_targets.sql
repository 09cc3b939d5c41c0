-- Recovery of BLOCKED jobs (issue 8): what failed when a job was blocked (a system's SSH host, a scheduler, an input's
-- server, written "Kind name"), so that its recovery group tests that and not always the job's execution system.
-- Idempotent: safe to run again.

ALTER TABLE aloe_jobs ADD COLUMN IF NOT EXISTS blocked_target text;
