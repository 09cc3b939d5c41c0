-- Job limits of execution systems (maxJobs, maxUserJobs of a queue; maxSystemJobs, maxSystemJobsPerUser of a
-- system) are checked before SUBMITTING by counting a system's jobs that hold a slot on it. Only those jobs are in
-- this index (its predicate is the first term of the count's condition, word for word), so the count reads a few
-- entries whatever the size of the table. Idempotent: safe to run again.

CREATE INDEX IF NOT EXISTS ix_aloe_jobs_system_active ON aloe_jobs (tenant_id, system_id, remote_queue, owner)
    WHERE status IN ('SUBMITTING', 'QUEUED', 'RUNNING', 'PAUSED', 'BLOCKED');
