-- Recovery of BLOCKED jobs (issue 8): the condition a blocked job waits on, when its status checks last got an
-- answer, and the recovery groups. A group holds every blocked job of a tenant waiting on the same test (tester and
-- its parameters), so one test serves them all; its policy state (tests made, the next one) lives here, so that a
-- group survives any restart. Idempotent: safe to run again.

ALTER TABLE aloe_jobs ADD COLUMN IF NOT EXISTS blocked_condition text;
ALTER TABLE aloe_jobs ADD COLUMN IF NOT EXISTS last_status_answer timestamptz;

CREATE TABLE IF NOT EXISTS aloe_recovery_groups (
    group_key      text         PRIMARY KEY,
    tenant_id      text         NOT NULL,
    condition      text         NOT NULL,
    tester         text         NOT NULL,
    tester_params  text         NOT NULL,
    policy         text         NOT NULL,
    first_blocked  timestamptz  NOT NULL,
    attempts       integer      NOT NULL DEFAULT 0,
    last_attempt   timestamptz,
    next_attempt   timestamptz  NOT NULL,
    last_result    text         NOT NULL DEFAULT ''
);

CREATE INDEX IF NOT EXISTS aloe_recovery_groups_tenant ON aloe_recovery_groups (tenant_id);

CREATE TABLE IF NOT EXISTS aloe_recovery_jobs (
    job_uuid     uuid         PRIMARY KEY REFERENCES aloe_jobs (uuid) ON DELETE CASCADE,
    group_key    text         NOT NULL REFERENCES aloe_recovery_groups (group_key) ON DELETE CASCADE,
    phase        text         NOT NULL,
    reason       text         NOT NULL,
    blocked_at   timestamptz  NOT NULL,
    released_at  timestamptz
);

CREATE INDEX IF NOT EXISTS aloe_recovery_jobs_group ON aloe_recovery_jobs (group_key, blocked_at);
