-- AloeOrleans job tables: one column per field of the seed's Job object, history, tenant queues, tenant admins,
-- and the catalog of apps and systems. Idempotent: safe to run again.

CREATE TABLE IF NOT EXISTS aloe_jobs (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid                 uuid          NOT NULL UNIQUE,
    name                 varchar(64)   NOT NULL,
    tenant_id            varchar(64)   NOT NULL,
    tenant_queue         varchar(255)  NOT NULL,
    status               varchar(32)   NOT NULL,
    last_status_message  varchar(2048) NOT NULL DEFAULT '',
    accepted             timestamptz   NOT NULL,
    created              timestamptz,
    ended                timestamptz,
    last_updated         timestamptz   NOT NULL,
    owner                varchar(64)   NOT NULL,
    roles                text          NOT NULL DEFAULT '',
    system_id            varchar(64)   NOT NULL,
    app_id               varchar(64)   NOT NULL,
    app_uuid             varchar(64)   NOT NULL,
    work_path            varchar(1024),
    archive              boolean       NOT NULL,
    archive_path         varchar(1024) NOT NULL DEFAULT '',
    archive_system       varchar(64)   NOT NULL DEFAULT '',
    node_count           integer       NOT NULL,
    processors_per_node  integer       NOT NULL,
    memory_per_node      double precision NOT NULL,
    max_hours            double precision NOT NULL,
    inputs               jsonb         NOT NULL,
    parameters           jsonb         NOT NULL,
    remote_job_id        varchar(128),
    scheduler_job_id     varchar(128),
    remote_queue         varchar(255),
    remote_submitted     timestamptz,
    remote_started       timestamptz,
    remote_ended         timestamptz,
    remote_outcome       varchar(32),
    submit_retries       integer       NOT NULL DEFAULT 0,
    remote_status_checks integer       NOT NULL DEFAULT 0,
    failed_status_checks integer       NOT NULL DEFAULT 0,
    last_status_check    timestamptz,
    blocked_count        integer       NOT NULL DEFAULT 0,
    visible              boolean       NOT NULL DEFAULT true,
    update_token         varchar(64)   NOT NULL,
    version              integer       NOT NULL DEFAULT 0,
    suspended_from       varchar(32),
    notifications        jsonb         NOT NULL DEFAULT '[]',
    idempotency_key      varchar(255)
);

-- The list and search indexes are in 0011_job_search_indexes.sql.
-- Recovery and queue rebuilds read only the non-terminal jobs.
CREATE INDEX IF NOT EXISTS ix_aloe_jobs_active ON aloe_jobs (tenant_queue, status, id)
    WHERE status NOT IN ('FINISHED', 'STOPPED', 'FAILED');
-- A retried submission with the same key returns the job it created the first time.
CREATE UNIQUE INDEX IF NOT EXISTS ux_aloe_jobs_idempotency ON aloe_jobs (tenant_id, owner, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

CREATE TABLE IF NOT EXISTS aloe_job_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_uuid    uuid          NOT NULL REFERENCES aloe_jobs (uuid) ON DELETE CASCADE,
    event       varchar(64)   NOT NULL,
    status      varchar(32)   NOT NULL,
    created     timestamptz   NOT NULL,
    created_by  varchar(64)   NOT NULL,
    description varchar(4096) NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_aloe_job_events_job ON aloe_job_events (job_uuid, id);

CREATE TABLE IF NOT EXISTS aloe_queues (
    name         varchar(255) PRIMARY KEY,
    tenant_id    varchar(64)  NOT NULL,
    priority     integer      NOT NULL CHECK (priority >= 1),
    filter       text         NOT NULL,
    num_workers  integer      NOT NULL CHECK (num_workers BETWEEN 1 AND 10000),
    max_messages integer      NOT NULL CHECK (max_messages >= 1),
    created      timestamptz  NOT NULL DEFAULT now(),
    last_updated timestamptz  NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, priority)
);

CREATE TABLE IF NOT EXISTS aloe_tenant_admins (
    tenant_id varchar(64) NOT NULL,
    username  varchar(64) NOT NULL,
    created   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, username)
);

CREATE TABLE IF NOT EXISTS aloe_systems (
    tenant_id    varchar(64) NOT NULL,
    id           varchar(64) NOT NULL,
    type         varchar(16) NOT NULL,
    is_default   boolean     NOT NULL DEFAULT false,
    -- The Agave JSON of the system without credentials; credentials live encrypted in auth_encrypted.
    definition   jsonb       NOT NULL,
    auth_encrypted bytea,
    created      timestamptz NOT NULL DEFAULT now(),
    last_updated timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE IF NOT EXISTS aloe_apps (
    tenant_id    varchar(64) NOT NULL,
    id           varchar(64) NOT NULL,
    uuid         uuid        NOT NULL UNIQUE,
    execution_system varchar(64) NOT NULL,
    definition   jsonb       NOT NULL,
    created      timestamptz NOT NULL DEFAULT now(),
    last_updated timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);
