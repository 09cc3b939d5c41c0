using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Quotas;
using Npgsql;
using NpgsqlTypes;

namespace AloeOrleans.Grains.Persistence;

/// <summary>
/// <see cref="IQuotaStore"/> over the jobs table. Counting is one statement (the partial index
/// <c>ix_aloe_jobs_system_active</c> holds only counted jobs). An admission takes a transaction-scoped advisory lock
/// on (tenant, system) first: under READ COMMITTED each later statement of the transaction sees every admission
/// committed before the lock was granted, so the count it decides on is never stale. An outage of the database comes out
/// as <see cref="DatabaseUnavailableException"/>, as from the job store.
/// </summary>
public sealed class PostgresQuotaStore(NpgsqlDataSource dataSource) : IQuotaStore
{
    /// <summary>
    /// The first key of the two-key advisory locks of admissions ("quot" in ASCII). Two-key locks never collide with the
    /// schema migrator's one-key lock; two systems whose names hash alike only wait for each other.
    /// </summary>
    private const int AdmissionLockSpace = 0x71756F74;

    private const string LockSql = "SELECT pg_advisory_xact_lock(@lock_space, hashtext(@tenant_id || '/' || @system_id))";

    /// <summary>The jobs of the four scopes of a <see cref="QuotaScope"/>, in the order of <see cref="ActiveJobCounts"/>'s fields.</summary>
    private const string ScopeCounts =
        "SELECT count(*)::int, " +
        "count(*) FILTER (WHERE owner = @owner)::int, " +
        "count(*) FILTER (WHERE remote_queue = @remote_queue)::int, " +
        "count(*) FILTER (WHERE remote_queue = @remote_queue AND owner = @owner)::int ";

    /// <summary>The count of <see cref="CountActiveAsync"/> (internal so a test can check its plan uses the index).</summary>
    internal const string CountSql =
        ScopeCounts +
        "FROM aloe_jobs WHERE tenant_id = @tenant_id AND system_id = @system_id AND uuid <> @excluded AND " +
        ActiveJobStatuses.SqlCondition;

    /// <summary>
    /// The count of <see cref="CountReturningAsync"/>. Few jobs are in STAGING_JOB at any time: selecting them through
    /// the tenant's queues lets the planner read them from the index of unfinished jobs per queue and status
    /// (<c>ix_aloe_jobs_active</c>) rather than the tenant's whole history.
    /// </summary>
    internal const string ReturningSql =
        ScopeCounts +
        "FROM aloe_jobs WHERE tenant_queue IN (SELECT name FROM aloe_queues WHERE tenant_id = @tenant_id) AND status = 'STAGING_JOB' " +
        "AND blocked_condition = 'QUOTA_EXCEEDED' AND tenant_id = @tenant_id AND system_id = @system_id AND uuid <> @excluded";

    public Task<ActiveJobCounts> CountActiveAsync(QuotaScope scope, CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(() => CountActiveCoreAsync(scope, cancellationToken));

    public Task<ActiveJobCounts> CountReturningAsync(QuotaScope scope, CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(scope);
            await using var command = dataSource.CreateCommand(ReturningSql);
            return await CountAsync(command, scope, cancellationToken);
        });

    public Task<QuotaAdmission> AdmitAsync(JobRecord job, int expectedVersion, JobEventWrite? jobEvent, SubmissionLimits limits,
        CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(() => AdmitCoreAsync(job, expectedVersion, jobEvent, limits, cancellationToken));

    private async Task<ActiveJobCounts> CountActiveCoreAsync(QuotaScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var command = dataSource.CreateCommand(CountSql);
        return await CountAsync(command, scope, cancellationToken);
    }

    private async Task<QuotaAdmission> AdmitCoreAsync(JobRecord job, int expectedVersion, JobEventWrite? jobEvent, SubmissionLimits limits,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(limits);
        if (!string.Equals(job.Spec.SystemId, limits.SystemId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The limits are system {limits.SystemId}'s but job {job.Uuid} runs on {job.Spec.SystemId}.", nameof(limits));
        }

        var stored = JobColumns.Storable(job);
        if (limits.IsUnlimited)
        {
            await using var update = dataSource.CreateCommand();
            PostgresJobStore.PrepareUpdate(update, stored, expectedVersion, jobEvent);
            var written = PostgresJobStore.Updated(stored, expectedVersion, await update.ExecuteScalarAsync(cancellationToken));
            return new QuotaAdmission(written, QuotaVerdict.Allow, ActiveJobCounts.None);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand(LockSql, connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter<int>("lock_space", AdmissionLockSpace));
            lockCommand.Parameters.Add(new NpgsqlParameter<string>("tenant_id", stored.TenantId));
            lockCommand.Parameters.Add(new NpgsqlParameter<string>("system_id", stored.Spec.SystemId));
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        ActiveJobCounts counts;
        await using (var countCommand = new NpgsqlCommand(CountSql, connection, transaction))
        {
            counts = await CountAsync(countCommand, QuotaScope.For(stored), cancellationToken);
        }

        var verdict = SubmissionQuotaRule.Decide(limits, counts, stored.Owner);
        if (!verdict.Allowed)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new QuotaAdmission(null, verdict, counts);
        }

        JobRecord admitted;
        await using (var updateCommand = new NpgsqlCommand(null, connection, transaction))
        {
            PostgresJobStore.PrepareUpdate(updateCommand, stored, expectedVersion, jobEvent);
            admitted = PostgresJobStore.Updated(stored, expectedVersion, await updateCommand.ExecuteScalarAsync(cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return new QuotaAdmission(admitted, verdict, counts);
    }

    private static async Task<ActiveJobCounts> CountAsync(NpgsqlCommand command, QuotaScope scope, CancellationToken cancellationToken)
    {
        command.Parameters.Add(new NpgsqlParameter<string>("tenant_id", scope.TenantId));
        command.Parameters.Add(new NpgsqlParameter<string>("system_id", scope.SystemId));
        command.Parameters.Add(new NpgsqlParameter<string>("owner", scope.Owner));
        // No queue: the queue terms compare with NULL and count nothing.
        command.Parameters.Add(new NpgsqlParameter("remote_queue", NpgsqlDbType.Varchar) { Value = (object?)scope.RemoteQueue ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<Guid>("excluded", scope.ExcludedJob ?? Guid.Empty));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ActiveJobCounts(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
    }
}
