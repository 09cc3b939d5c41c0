-- Indexes for listing and searching jobs (docs/api.md, "Searching jobs"). A list is ordered by a field DESC NULLS LAST,
-- then id, so each index ends in exactly that order: PostgreSQL reads the first page straight from it and stops, instead
-- of sorting every matching row. The two list indexes of 0002 ended in last_updated DESC (NULLS FIRST) without id, an
-- order no list asks for; they are replaced. Idempotent: safe to run again.
DROP INDEX IF EXISTS ix_aloe_jobs_list;
DROP INDEX IF EXISTS ix_aloe_jobs_tenant_list;

-- A tenant admin's list, newest update first.
CREATE INDEX IF NOT EXISTS ix_aloe_jobs_tenant_order ON aloe_jobs (tenant_id, last_updated DESC NULLS LAST, id DESC) WHERE visible;
-- A user's own jobs (and an owner search).
CREATE INDEX IF NOT EXISTS ix_aloe_jobs_owner_order ON aloe_jobs (tenant_id, owner, last_updated DESC NULLS LAST, id DESC) WHERE visible;
-- A status search.
CREATE INDEX IF NOT EXISTS ix_aloe_jobs_search_status ON aloe_jobs (tenant_id, status, last_updated DESC NULLS LAST, id DESC) WHERE visible;
-- Date ranges on created and ended, and lists ordered by them.
CREATE INDEX IF NOT EXISTS ix_aloe_jobs_search_created ON aloe_jobs (tenant_id, created DESC NULLS LAST, id DESC);
CREATE INDEX IF NOT EXISTS ix_aloe_jobs_search_ended ON aloe_jobs (tenant_id, ended DESC NULLS LAST, id DESC);
