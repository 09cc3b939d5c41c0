using AloeOrleans.GrainInterfaces.Jobs;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AloeOrleans.Grains.Persistence;

/// <summary>
/// <see cref="IJobStore"/> over PostgreSQL. Each write is a single statement (a data-modifying CTE writes the job
/// row and its event together), so it is atomic and costs one round trip. An outage of the database comes out as
/// <see cref="DatabaseUnavailableException"/>. The inserts of new jobs and the updates go through <see cref="GroupCommit"/>:
/// concurrent writes share one transaction.
/// </summary>
public sealed class PostgresJobStore(NpgsqlDataSource dataSource, TimeProvider timeProvider, IOptions<PersistenceOptions>? options = null) : IJobStore
{
    private readonly GroupCommit _writes = GroupCommitOf(dataSource, options?.Value ?? new PersistenceOptions());

    // A new job's notifications become rows of aloe_notifications in the statement that accepts it; the outbox trigger
    // on aloe_job_events runs at the end of that statement and sees them, so even the ACCEPTED event is notified
    // (docs/notifications.md).
    private const string NotificationsOfNewJob =
        "nt AS (INSERT INTO aloe_notifications (tenant_id, owner, job_uuid, event, url, persistent, policy, created, last_updated) " +
        "SELECT @tenant_id, @owner, ins.uuid, n ->> 'event', n ->> 'url', COALESCE((n ->> 'persistent')::boolean, false), " +
        "COALESCE(n -> 'policy', '{}'::jsonb), @accepted, @accepted FROM ins CROSS JOIN LATERAL jsonb_array_elements(@notifications::jsonb) AS n), ";

    private const string InsertSql =
        "WITH ins AS (INSERT INTO aloe_jobs (" + JobColumns.InsertColumns + ") VALUES (" + JobColumns.InsertValues + ") " +
        "ON CONFLICT DO NOTHING RETURNING uuid, status), " +
        NotificationsOfNewJob +
        "ev AS (INSERT INTO aloe_job_events (job_uuid, event, status, created, created_by, description) " +
        "SELECT uuid, " + JobEventColumns.Values + " FROM ins) " +
        "SELECT count(*) FROM ins";

    // The new job's two events are inserted by one statement in the order of "ord", so their ids (the history's order)
    // put ACCEPTED first; the original job's event reads that job's status of the moment.
    private const string InsertResubmissionSql =
        "WITH ins AS (INSERT INTO aloe_jobs (" + JobColumns.InsertColumns + ") VALUES (" + JobColumns.InsertValues + ") " +
        "ON CONFLICT DO NOTHING RETURNING uuid, status), " +
        NotificationsOfNewJob +
        "ev AS (INSERT INTO aloe_job_events (job_uuid, event, status, created, created_by, description) " +
        "SELECT ins.uuid, e.event, ins.status, @ev_created, e.created_by, e.description FROM ins CROSS JOIN " +
        "(VALUES (1, @ev_event, @ev_created_by, @ev_description), (2, @from_event, @from_created_by, @from_description)) " +
        "AS e (ord, event, created_by, description) ORDER BY e.ord), " +
        "orig AS (INSERT INTO aloe_job_events (job_uuid, event, status, created, created_by, description) " +
        "SELECT j.uuid, @as_event, j.status, @ev_created, @as_created_by, @as_description FROM aloe_jobs j, ins WHERE j.uuid = @original_uuid) " +
        "SELECT count(*) FROM ins";

    private const string UpdateWithEventSql =
        "WITH upd AS (UPDATE aloe_jobs SET " + JobColumns.UpdateAssignments + " WHERE uuid = @uuid AND version = @expected_version " +
        "RETURNING uuid, version), " +
        "ev AS (INSERT INTO aloe_job_events (job_uuid, event, status, created, created_by, description) " +
        "SELECT uuid, " + JobEventColumns.Values + " FROM upd) " +
        "SELECT version FROM upd";

    private const string UpdateSql =
        "UPDATE aloe_jobs SET " + JobColumns.UpdateAssignments + " WHERE uuid = @uuid AND version = @expected_version RETURNING version";

    private const string SelectByUuidSql = "SELECT " + JobColumns.SelectList + " FROM aloe_jobs WHERE uuid = @uuid";

    private const string SelectByIdempotencySql =
        "SELECT " + JobColumns.SelectList + " FROM aloe_jobs WHERE tenant_id = @tenant_id AND owner = @owner AND idempotency_key = @idempotency_key";

    private static GroupCommit GroupCommitOf(NpgsqlDataSource dataSource, PersistenceOptions settings) =>
        new(dataSource, settings.GroupCommitMaxBatch, settings.GroupCommitMaxInFlight);

    public Task<JobRecord?> GetAsync(Guid uuid, CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(() => GetCoreAsync(uuid, cancellationToken));

    public Task<(JobRecord Job, bool Created)> InsertAcceptedAsync(JobRecord job, JobEventWrite acceptedEvent, CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(() => InsertAcceptedCoreAsync(job, acceptedEvent, null, cancellationToken));

    public Task<(JobRecord Job, bool Created)> InsertResubmissionAsync(JobRecord job, JobEventWrite acceptedEvent, JobResubmissionEvents events,
        CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(() => InsertAcceptedCoreAsync(job, acceptedEvent, events, cancellationToken));

    public Task<JobRecord> UpdateAsync(JobRecord job, int expectedVersion, JobEventWrite? jobEvent, CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(() => UpdateCoreAsync(job, expectedVersion, jobEvent, cancellationToken));

    public Task AppendEventAsync(Guid uuid, JobEventWrite jobEvent, CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(() => AppendEventCoreAsync(uuid, jobEvent, cancellationToken));

    public Task<IReadOnlyList<(long Id, Guid Uuid)>> ListUnfinishedAsync(long afterId, int limit, CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(() => ListUnfinishedCoreAsync(afterId, limit, cancellationToken));

    private async Task<JobRecord?> GetCoreAsync(Guid uuid, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SelectByUuidSql);
        command.Parameters.Add(new NpgsqlParameter<Guid>("uuid", uuid));
        return await ReadSingleAsync(command, cancellationToken);
    }

    private async Task<(JobRecord Job, bool Created)> InsertAcceptedCoreAsync(JobRecord job, JobEventWrite acceptedEvent, JobResubmissionEvents? resubmission,
        CancellationToken cancellationToken)
    {
        var stored = JobColumns.Storable(job);
        void Bind(NpgsqlParameterCollection parameters)
        {
            JobColumns.Bind(parameters, stored);
            JobEventColumns.Bind(parameters, acceptedEvent, stored.Status.ToString(), stored.Accepted);
            if (resubmission is not null)
            {
                parameters.Add(new NpgsqlParameter<Guid>("original_uuid", resubmission.OriginalJob));
                JobEventColumns.BindExtra(parameters, "from", resubmission.OnNewJob);
                JobEventColumns.BindExtra(parameters, "as", resubmission.OnOriginalJob);
            }
        }

        var sql = resubmission is null ? InsertSql : InsertResubmissionSql;
        object? inserted;
        if (job.IdempotencyKey is null)
        {
            // The group commit cannot take one write out of a shared batch; the token only stops waiting for it.
            inserted = await _writes.ExecuteScalarAsync(sql, Bind).WaitAsync(cancellationToken);
        }
        else
        {
            // A keyed submission is sent at once, alone (docs/lifecycle.md, "Group commit"): when its answer was lost,
            // the retry with the same key must find this job, so this insert must reach the server before the retry's,
            // which a write waiting behind busy group commits might not.
            await using var command = dataSource.CreateCommand(sql);
            Bind(command.Parameters);
            inserted = await command.ExecuteScalarAsync(cancellationToken);
        }

        if (inserted is 1L)
        {
            return (stored, true);
        }

        // Nothing was inserted: either this very job was accepted before (a retried call) or the idempotency key was.
        var existing = await GetCoreAsync(job.Uuid, cancellationToken);
        if (existing is null && job.IdempotencyKey is not null)
        {
            await using var command = dataSource.CreateCommand(SelectByIdempotencySql);
            command.Parameters.Add(new NpgsqlParameter<string>("tenant_id", job.TenantId));
            command.Parameters.Add(new NpgsqlParameter<string>("owner", job.Owner));
            command.Parameters.Add(new NpgsqlParameter<string>("idempotency_key", job.IdempotencyKey));
            existing = await ReadSingleAsync(command, cancellationToken);
        }

        return existing is not null
            ? (existing, false)
            : throw new InvalidOperationException($"Job {job.Uuid} was neither inserted nor found.");
    }

    private async Task<JobRecord> UpdateCoreAsync(JobRecord job, int expectedVersion, JobEventWrite? jobEvent, CancellationToken cancellationToken)
    {
        var stored = JobColumns.Storable(job);
        var version = await _writes.ExecuteScalarAsync(UpdateStatement(stored, jobEvent), parameters => BindUpdate(parameters, stored, expectedVersion, jobEvent))
            .WaitAsync(cancellationToken);
        return Updated(stored, expectedVersion, version);
    }

    /// <summary>
    /// The statement of <see cref="UpdateAsync"/> for <paramref name="stored"/> (already made <see cref="JobColumns.Storable"/>),
    /// for a write that must share a transaction with a check (<see cref="PostgresQuotaStore"/>).
    /// </summary>
    internal static void PrepareUpdate(NpgsqlCommand command, JobRecord stored, int expectedVersion, JobEventWrite? jobEvent)
    {
        command.CommandText = UpdateStatement(stored, jobEvent);
        BindUpdate(command.Parameters, stored, expectedVersion, jobEvent);
    }

    private static string UpdateStatement(JobRecord stored, JobEventWrite? jobEvent) => jobEvent is null ? UpdateSql : UpdateWithEventSql;

    private static void BindUpdate(NpgsqlParameterCollection parameters, JobRecord stored, int expectedVersion, JobEventWrite? jobEvent)
    {
        JobColumns.Bind(parameters, stored);
        parameters.Add(new NpgsqlParameter<int>("expected_version", expectedVersion));
        if (jobEvent is not null)
        {
            JobEventColumns.Bind(parameters, jobEvent, stored.Status.ToString(), stored.LastUpdated);
        }
    }

    /// <summary>What <see cref="PrepareUpdate"/>'s statement returned: the new version, or nothing when another writer came first.</summary>
    internal static JobRecord Updated(JobRecord stored, int expectedVersion, object? version) =>
        version is int newVersion
            ? stored with { Version = newVersion }
            : throw new JobVersionConflictException(stored.Uuid, expectedVersion);

    private async Task AppendEventCoreAsync(Guid uuid, JobEventWrite jobEvent, CancellationToken cancellationToken)
    {
        // The event carries the job's status at the time it is written, read in the same statement.
        await using var command = dataSource.CreateCommand(
            "INSERT INTO aloe_job_events (job_uuid, event, status, created, created_by, description) " +
            "SELECT uuid, @ev_event, status, @ev_created, @ev_created_by, @ev_description FROM aloe_jobs WHERE uuid = @uuid");
        command.Parameters.Add(new NpgsqlParameter<Guid>("uuid", uuid));
        JobEventColumns.Bind(command.Parameters, jobEvent, status: null, timeProvider.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<(long Id, Guid Uuid)>> ListUnfinishedCoreAsync(long afterId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, uuid FROM aloe_jobs WHERE status NOT IN ('FINISHED', 'STOPPED', 'FAILED') AND id > @after " +
            "ORDER BY id LIMIT @limit");
        command.Parameters.Add(new NpgsqlParameter<long>("after", afterId));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        var result = new List<(long, Guid)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add((reader.GetInt64(0), reader.GetGuid(1)));
        }

        return result;
    }

    private static async Task<JobRecord?> ReadSingleAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? JobColumns.Read(reader) : null;
    }
}
