-- Job sharing (docs/api.md, "Sharing a job"; docs/security.md, "Shared jobs"): who besides the owner and the tenant's
-- admins may read or change a job. Usernames are per tenant, so a grant always lives in its job's tenant: tenant_id is
-- copied from the job row when the grant is written, never taken from the request. A revoked grant (NONE) is a deleted
-- row, so every row can read; WRITE includes READ. The owner's ALL is implied and never stored.
-- Idempotent: safe to run again.

CREATE TABLE IF NOT EXISTS aloe_job_permissions (
    job_uuid   uuid        NOT NULL REFERENCES aloe_jobs (uuid) ON DELETE CASCADE,
    username   varchar(64) NOT NULL,
    tenant_id  varchar(64) NOT NULL,
    can_read   boolean     NOT NULL CHECK (can_read),
    can_write  boolean     NOT NULL,
    granted_by varchar(64) NOT NULL,
    granted_at timestamptz NOT NULL,
    PRIMARY KEY (job_uuid, username)
);

-- "Jobs shared with user X in tenant T": the scope of GET /jobs/v2 for a non-admin reads only this index (index-only).
CREATE INDEX IF NOT EXISTS ix_aloe_job_permissions_user ON aloe_job_permissions (tenant_id, username, job_uuid);
