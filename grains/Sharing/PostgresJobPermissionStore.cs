using AloeOrleans.Grains.Persistence;
using Npgsql;

namespace AloeOrleans.Grains.Sharing;

/// <summary>
/// <see cref="IJobPermissionStore"/> over PostgreSQL. Each write is one statement whose CTEs read the job (in the
/// caller's tenant), change the grant and append the history line together, so a grant is never stored without its
/// line, nor a line without its grant. The tenant of a grant is copied from the job row. An outage of the database
/// comes out as <see cref="DatabaseUnavailableException"/>.
/// </summary>
public sealed class PostgresJobPermissionStore(NpgsqlDataSource dataSource, TimeProvider timeProvider) : IJobPermissionStore
{
    private const string Columns = "job_uuid, tenant_id, username, can_read, can_write, granted_by, granted_at";

    private const string JobCte = "job AS (SELECT uuid, tenant_id, status FROM aloe_jobs WHERE uuid = @uuid AND tenant_id = @tenant_id)";

    // The history line carries the job's status at the time of the change, read in the same statement.
    private const string EventInsert =
        "INSERT INTO aloe_job_events (job_uuid, event, status, created, created_by, description) " +
        "SELECT job.uuid, @ev_event, job.status, @ev_created, @ev_created_by, @ev_description FROM job";

    // An unchanged grant updates nothing, so RETURNING is empty and no history line is written for it.
    private const string GrantSql =
        "WITH " + JobCte + ", " +
        "changed AS (INSERT INTO aloe_job_permissions (" + Columns + ") " +
        "SELECT uuid, tenant_id, @username, @can_read, @can_write, @granted_by, @granted_at FROM job " +
        "ON CONFLICT (job_uuid, username) DO UPDATE SET can_read = EXCLUDED.can_read, can_write = EXCLUDED.can_write, " +
        "granted_by = EXCLUDED.granted_by, granted_at = EXCLUDED.granted_at " +
        "WHERE (aloe_job_permissions.can_read, aloe_job_permissions.can_write) IS DISTINCT FROM (EXCLUDED.can_read, EXCLUDED.can_write) " +
        "RETURNING job_uuid), " +
        "ev AS (" + EventInsert + " WHERE EXISTS (SELECT 1 FROM changed)) " +
        "SELECT (SELECT count(*) FROM job), (SELECT count(*) FROM changed)";

    private const string RevokeSql =
        "WITH " + JobCte + ", " +
        "changed AS (DELETE FROM aloe_job_permissions p USING job WHERE p.job_uuid = job.uuid AND p.username = @username RETURNING p.job_uuid), " +
        "ev AS (" + EventInsert + " WHERE EXISTS (SELECT 1 FROM changed)) " +
        "SELECT (SELECT count(*) FROM job), (SELECT count(*) FROM changed)";

    private const string RevokeAllSql =
        "WITH " + JobCte + ", " +
        "changed AS (DELETE FROM aloe_job_permissions p USING job WHERE p.job_uuid = job.uuid RETURNING p.job_uuid), " +
        "ev AS (" + EventInsert + " WHERE EXISTS (SELECT 1 FROM changed)) " +
        "SELECT (SELECT count(*) FROM job), (SELECT count(*) FROM changed)";

    public Task<JobGrant?> FindAsync(Guid jobUuid, string tenantId, string username, CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(async () =>
        {
            await using var command = dataSource.CreateCommand(
                "SELECT " + Columns + " FROM aloe_job_permissions WHERE job_uuid = @uuid AND tenant_id = @tenant_id AND username = @username");
            BindJob(command, jobUuid, tenantId);
            command.Parameters.Add(new NpgsqlParameter<string>("username", username));
            var grants = await ReadGrantsAsync(command, cancellationToken);
            return grants.Count > 0 ? grants[0] : null;
        });

    public Task<IReadOnlyList<JobGrant>> ListAsync(Guid jobUuid, string tenantId, int limit, int offset, CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(async () =>
        {
            await using var command = dataSource.CreateCommand(
                "SELECT " + Columns + " FROM aloe_job_permissions WHERE job_uuid = @uuid AND tenant_id = @tenant_id " +
                "ORDER BY username LIMIT @limit OFFSET @offset");
            BindJob(command, jobUuid, tenantId);
            command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
            command.Parameters.Add(new NpgsqlParameter<int>("offset", offset));
            return await ReadGrantsAsync(command, cancellationToken);
        });

    public Task<PermissionChange> GrantAsync(
        Guid jobUuid, string tenantId, string username, JobPermission permission, string grantedBy, JobEventWrite historyEvent,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(permission);
        if (!permission.Read)
        {
            throw new ArgumentException("A grant without READ is a revoke; call RevokeAsync.", nameof(permission));
        }

        return DatabaseOutages.GuardAsync(async () =>
        {
            await using var command = dataSource.CreateCommand(GrantSql);
            BindJob(command, jobUuid, tenantId);
            command.Parameters.Add(new NpgsqlParameter<string>("username", username));
            command.Parameters.Add(new NpgsqlParameter<bool>("can_read", permission.Read));
            command.Parameters.Add(new NpgsqlParameter<bool>("can_write", permission.Write));
            command.Parameters.Add(new NpgsqlParameter<string>("granted_by", ColumnText.Fit(grantedBy, GranteeName.MaxLength)));
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("granted_at", timeProvider.GetUtcNow()));
            return await ChangeAsync(command, historyEvent, cancellationToken);
        });
    }

    public Task<PermissionChange> RevokeAsync(Guid jobUuid, string tenantId, string username, JobEventWrite historyEvent, CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(async () =>
        {
            await using var command = dataSource.CreateCommand(RevokeSql);
            BindJob(command, jobUuid, tenantId);
            command.Parameters.Add(new NpgsqlParameter<string>("username", username));
            return await ChangeAsync(command, historyEvent, cancellationToken);
        });

    public Task<PermissionChange> RevokeAllAsync(Guid jobUuid, string tenantId, JobEventWrite historyEvent, CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(async () =>
        {
            await using var command = dataSource.CreateCommand(RevokeAllSql);
            BindJob(command, jobUuid, tenantId);
            return await ChangeAsync(command, historyEvent, cancellationToken);
        });

    private static void BindJob(NpgsqlCommand command, Guid jobUuid, string tenantId)
    {
        command.Parameters.Add(new NpgsqlParameter<Guid>("uuid", jobUuid));
        command.Parameters.Add(new NpgsqlParameter<string>("tenant_id", tenantId));
    }

    private async Task<PermissionChange> ChangeAsync(NpgsqlCommand command, JobEventWrite historyEvent, CancellationToken cancellationToken)
    {
        JobEventColumns.Bind(command.Parameters, historyEvent, status: null, timeProvider.GetUtcNow());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var jobs = reader.GetInt64(0);
        var changed = reader.GetInt64(1);
        return jobs == 0 ? PermissionChange.JobMissing : changed > 0 ? PermissionChange.Changed : PermissionChange.Unchanged;
    }

    private static async Task<IReadOnlyList<JobGrant>> ReadGrantsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var grants = new List<JobGrant>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            grants.Add(new JobGrant(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetString(2),
                JobPermission.From(reader.GetBoolean(3), reader.GetBoolean(4)),
                reader.GetString(5),
                reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return grants;
    }
}
