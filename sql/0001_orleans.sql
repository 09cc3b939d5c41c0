-- Orleans ADO.NET provider schema for PostgreSQL: clustering (membership), grain storage and reminders.
-- Written for this project (the Orleans packages ship no SQL). Idempotent: the migrator re-applies this file when
-- it changes, so tables use IF NOT EXISTS, functions CREATE OR REPLACE, and the OrleansQuery rows are upserted.
--
-- Conventions that matter to the providers:
--  * Column names are read back by name (Npgsql matches them case-insensitively, so unquoted names are fine).
--  * Orleans binds DateTime parameters as DbType.DateTime holding UTC values, which Npgsql sends as
--    timestamptz; columns are timestamptz so values read back (Kind=Utc) can be sent again unchanged.
--  * Every query that Orleans reads with ReadAsync must return the shape it expects (one row with one
--    boolean-like column for the membership writes and reminder delete; a Version column for the reads).

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL PRIMARY KEY,
    QueryText text        NOT NULL
);

-- ---------------------------------------------------------------------------------------------------------------
-- Clustering
-- ---------------------------------------------------------------------------------------------------------------

-- One row per cluster (Orleans calls the ClusterId "DeploymentId" here). Version is the optimistic-concurrency
-- token of the whole membership table: every membership write must present the version it read.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150) NOT NULL PRIMARY KEY,
    Timestamp    timestamptz  NOT NULL DEFAULT now(),
    Version      integer      NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150)  NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId),
    Address      varchar(45)   NOT NULL,
    Port         integer       NOT NULL,
    Generation   integer       NOT NULL,
    SiloName     varchar(150)  NOT NULL,
    HostName     varchar(150)  NOT NULL,
    Status       integer       NOT NULL,
    ProxyPort    integer,
    SuspectTimes varchar(8000),
    StartTime    timestamptz   NOT NULL,
    IAmAliveTime timestamptz   NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

-- Inserts a silo row and bumps the table version in one step; returns 1 on success, 0 when the version moved on
-- (another silo wrote first) or the row already exists. The inner block rolls the version bump back on failure.
CREATE OR REPLACE FUNCTION orleans_membership_insert(
    p_deployment_id text, p_address text, p_port integer, p_generation integer, p_silo_name text,
    p_host_name text, p_status integer, p_proxy_port integer, p_start_time timestamptz,
    p_i_am_alive_time timestamptz, p_version integer)
    RETURNS integer
    LANGUAGE plpgsql AS
$$
BEGIN
    BEGIN
        UPDATE OrleansMembershipVersionTable
           SET Version = Version + 1, Timestamp = now()
         WHERE DeploymentId = p_deployment_id AND Version = p_version;
        IF NOT FOUND THEN
            RETURN 0;
        END IF;

        INSERT INTO OrleansMembershipTable
            (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
        VALUES
            (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port,
             p_start_time, p_i_am_alive_time)
        ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING;
        IF NOT FOUND THEN
            RAISE SQLSTATE 'AL001';
        END IF;
        RETURN 1;
    EXCEPTION WHEN SQLSTATE 'AL001' THEN
        RETURN 0;
    END;
END
$$;

-- Updates a silo's status and suspicions under the same table-version check; 1 on success, 0 otherwise.
CREATE OR REPLACE FUNCTION orleans_membership_update(
    p_deployment_id text, p_address text, p_port integer, p_generation integer, p_status integer,
    p_suspect_times text, p_i_am_alive_time timestamptz, p_version integer)
    RETURNS integer
    LANGUAGE plpgsql AS
$$
BEGIN
    BEGIN
        UPDATE OrleansMembershipVersionTable
           SET Version = Version + 1, Timestamp = now()
         WHERE DeploymentId = p_deployment_id AND Version = p_version;
        IF NOT FOUND THEN
            RETURN 0;
        END IF;

        UPDATE OrleansMembershipTable
           SET Status = p_status,
               SuspectTimes = p_suspect_times,
               -- A delayed heartbeat must never move the liveness time backwards.
               IAmAliveTime = GREATEST(IAmAliveTime, p_i_am_alive_time)
         WHERE DeploymentId = p_deployment_id AND Address = p_address AND Port = p_port
           AND Generation = p_generation;
        IF NOT FOUND THEN
            RAISE SQLSTATE 'AL001';
        END IF;
        RETURN 1;
    EXCEPTION WHEN SQLSTATE 'AL001' THEN
        RETURN 0;
    END;
END
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- Grain storage
-- ---------------------------------------------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    GrainTypeString        varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512),
    ServiceId              varchar(150) NOT NULL,
    PayloadBinary          bytea,
    ModifiedOn             timestamptz  NOT NULL DEFAULT now(),
    Version                integer      NOT NULL
);

-- One row per grain identity. Without it two activations writing the first state concurrently (a split brain,
-- or a retried first write) each insert a row and later reads become ambiguous. The extension string is
-- nullable, and NULLs never collide in a unique index, so it is indexed as COALESCE(..., ''): the write
-- function relies on this exact expression list for ON CONFLICT.
CREATE UNIQUE INDEX IF NOT EXISTS ux_orleansstorage_grain ON OrleansStorage
    (GrainIdHash, GrainTypeHash, ServiceId, GrainIdN0, GrainIdN1, GrainTypeString,
     (COALESCE(GrainIdExtensionString, '')));

-- Returns the new version, or the caller's version (or NULL for a first write) when the write lost the race;
-- Orleans turns "version unchanged" into an InconsistentStateException.
CREATE OR REPLACE FUNCTION orleans_storage_write(
    p_grain_id_hash integer, p_grain_id_n0 bigint, p_grain_id_n1 bigint, p_grain_type_hash integer,
    p_grain_type text, p_grain_id_extension text, p_service_id text, p_version integer, p_payload bytea)
    RETURNS integer
    LANGUAGE plpgsql AS
$$
BEGIN
    IF p_version IS NULL THEN
        -- First write: the unique index decides which of several concurrent writers wins.
        INSERT INTO OrleansStorage
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString,
             ServiceId, PayloadBinary, ModifiedOn, Version)
        VALUES
            (p_grain_id_hash, p_grain_id_n0, p_grain_id_n1, p_grain_type_hash, p_grain_type, p_grain_id_extension,
             p_service_id, p_payload, now(), 1)
        ON CONFLICT (GrainIdHash, GrainTypeHash, ServiceId, GrainIdN0, GrainIdN1, GrainTypeString,
                     (COALESCE(GrainIdExtensionString, '')))
        DO NOTHING;
        IF FOUND THEN
            RETURN 1;
        END IF;
        RETURN NULL;
    END IF;

    UPDATE OrleansStorage
       SET PayloadBinary = p_payload, ModifiedOn = now(), Version = Version + 1
     WHERE GrainIdHash = p_grain_id_hash AND GrainTypeHash = p_grain_type_hash AND ServiceId = p_service_id
       AND GrainIdN0 = p_grain_id_n0 AND GrainIdN1 = p_grain_id_n1 AND GrainTypeString = p_grain_type
       AND COALESCE(GrainIdExtensionString, '') = COALESCE(p_grain_id_extension, '')
       AND Version = p_version;
    IF FOUND THEN
        RETURN p_version + 1;
    END IF;
    RETURN p_version;
END
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- Reminders
-- ---------------------------------------------------------------------------------------------------------------

-- GrainId is the grain id's string form ("type/key"): keep reminder-bearing grain keys short (150 chars).
CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    varchar(150) NOT NULL,
    GrainId      varchar(150) NOT NULL,
    ReminderName varchar(150) NOT NULL,
    StartTime    timestamptz  NOT NULL,
    Period       bigint       NOT NULL,
    GrainHash    integer      NOT NULL,
    Version      integer      NOT NULL,
    PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- Each silo reads the reminders of its hash range of the ring.
CREATE INDEX IF NOT EXISTS ix_orleansreminders_hash ON OrleansRemindersTable (ServiceId, GrainHash);

-- ---------------------------------------------------------------------------------------------------------------
-- The queries the providers load at start-up (parameter names are fixed by Orleans).
-- ---------------------------------------------------------------------------------------------------------------

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
-- Clustering. Parameters: @DeploymentId (the ClusterId); silo identity @Address, @Port, @Generation.
('UpdateIAmAlivetimeKey', $q$
    UPDATE OrleansMembershipTable
       SET IAmAliveTime = GREATEST(IAmAliveTime, @IAmAliveTime)
     WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation
$q$),
-- Returns 1 when this call created the cluster's version row, 0 when it existed.
('InsertMembershipVersionKey', $q$
    WITH inserted AS (
        INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES (@DeploymentId)
        ON CONFLICT (DeploymentId) DO NOTHING
        RETURNING 1)
    SELECT count(*)::integer FROM inserted
$q$),
('InsertMembershipKey', $q$
    SELECT orleans_membership_insert(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
                                     @ProxyPort, @StartTime, @IAmAliveTime, @Version)
$q$),
('UpdateMembershipKey', $q$
    SELECT orleans_membership_update(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes,
                                     @IAmAliveTime, @Version)
$q$),
-- The reads start from the version row so the table version comes back even when no silo row matches.
('MembershipReadRowKey', $q$
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
      FROM OrleansMembershipVersionTable v
      LEFT JOIN OrleansMembershipTable m
        ON m.DeploymentId = v.DeploymentId
       AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
     WHERE v.DeploymentId = @DeploymentId
$q$),
('MembershipReadAllKey', $q$
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
      FROM OrleansMembershipVersionTable v
      LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
     WHERE v.DeploymentId = @DeploymentId
$q$),
('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
$q$),
-- Status is SiloStatus.Active; a ProxyPort of 0 means the silo hosts no gateway.
('GatewaysQueryKey', $q$
    SELECT Address, ProxyPort, Generation
      FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0
$q$),
-- Dead (Status 6) rows whose start and last heartbeat both precede the cutoff @IAmAliveTime.
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId AND Status = 6
       AND IAmAliveTime < @IAmAliveTime AND StartTime < @IAmAliveTime
       AND COALESCE(SuspectTimes, '') = ''
$q$),
-- One dead row, deleted only if it still holds the values the provider read (so a concurrent update wins).
('CleanupDefunctSiloEntryKey', $q$
    DELETE FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId AND Status = 6
       AND Address = @Address AND Port = @Port AND Generation = @Generation
       AND StartTime = @StartTime AND IAmAliveTime = @IAmAliveTime
       AND COALESCE(SuspectTimes, '') = COALESCE(@SuspectTimes, '')
$q$),

-- Grain storage. Parameters: @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
-- @GrainIdExtensionString (NULL for keys without one), @ServiceId; writes add @GrainStateVersion, @PayloadBinary.
('ReadFromStorageKey', $q$
    SELECT PayloadBinary, Version
      FROM OrleansStorage
     WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND ServiceId = @ServiceId
       AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString
       AND COALESCE(GrainIdExtensionString, '') = COALESCE(@GrainIdExtensionString, '')
$q$),
('WriteToStorageKey', $q$
    SELECT orleans_storage_write(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                                 @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary)
           AS NewGrainStateVersion
$q$),
-- Clearing keeps the row (and its version history) with an empty payload; no row returned = version conflict.
('ClearStorageKey', $q$
    UPDATE OrleansStorage
       SET PayloadBinary = NULL, ModifiedOn = now(), Version = Version + 1
     WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND ServiceId = @ServiceId
       AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString
       AND COALESCE(GrainIdExtensionString, '') = COALESCE(@GrainIdExtensionString, '')
       AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion
$q$),
-- Used only with AdoNetGrainStorageOptions.DeleteStateOnClear: removes the row under the same version check.
('DeleteStorageKey', $q$
    DELETE FROM OrleansStorage
     WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND ServiceId = @ServiceId
       AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1 AND GrainTypeString = @GrainTypeString
       AND COALESCE(GrainIdExtensionString, '') = COALESCE(@GrainIdExtensionString, '')
       AND Version = @GrainStateVersion
    RETURNING Version + 1 AS NewGrainStateVersion
$q$),

-- Reminders. Parameters: @ServiceId, @GrainId (string form), @ReminderName, @GrainHash/@BeginHash/@EndHash
-- (uint hashes bound as signed int), @StartTime, @Period (milliseconds), @Version.
('ReadReminderRowsKey', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
      FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId AND GrainId = @GrainId
$q$),
('ReadReminderRowKey', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
      FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName
$q$),
-- The range (@BeginHash, @EndHash] when it does not wrap around in signed order...
('ReadRangeRows1Key', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
      FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash
$q$),
-- ...and when it does.
('ReadRangeRows2Key', $q$
    SELECT GrainId, ReminderName, StartTime, Period, Version
      FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash)
$q$),
('UpsertReminderRowKey', $q$
    INSERT INTO OrleansRemindersTable (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
       SET StartTime = EXCLUDED.StartTime, Period = EXCLUDED.Period, GrainHash = EXCLUDED.GrainHash,
           Version = OrleansRemindersTable.Version + 1
    RETURNING Version
$q$),
-- Returns one row: true when the row with that version was deleted.
('DeleteReminderRowKey', $q$
    WITH deleted AS (
        DELETE FROM OrleansRemindersTable
         WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName
           AND Version = @Version
        RETURNING 1)
    SELECT count(*) > 0 FROM deleted
$q$),
('DeleteReminderRowsKey', $q$
    DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
