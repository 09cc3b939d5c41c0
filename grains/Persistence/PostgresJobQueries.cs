using AloeOrleans.GrainInterfaces.Jobs;
using Npgsql;

namespace AloeOrleans.Grains.Persistence;

/// <summary><see cref="IJobQueries"/> over PostgreSQL: listing is SQL over the relational job table.</summary>
public sealed class PostgresJobQueries(NpgsqlDataSource dataSource) : IJobQueries
{
    private const string SelectVisibleSql =
        "SELECT " + JobColumns.SelectList + " FROM aloe_jobs " +
        "WHERE uuid = @uuid AND tenant_id = @tenant_id AND visible AND status <> 'ACCEPTED'";

    /// <summary>
    /// The scope of a non-admin's list: their own jobs and those shared with them (docs/api.md, "Sharing a job"). The grants
    /// are read first into an array (one index scan of ix_aloe_job_permissions_user), so the planner can OR an index scan of
    /// ix_aloe_jobs_owner_order (owner) with one of the uuid key (<c>uuid = ANY</c>); a correlated EXISTS here made it scan the
    /// whole table instead.
    /// </summary>
    internal const string OwnedOrSharedSql =
        "(owner = @owner OR uuid = ANY (ARRAY(SELECT p.job_uuid FROM aloe_job_permissions p " +
        "WHERE p.tenant_id = @tenant_id AND p.username = @owner AND p.can_read)))";

    private const string SelectHiddenOrVisibleSql =
        "SELECT " + JobColumns.SelectList + " FROM aloe_jobs WHERE uuid = @uuid AND tenant_id = @tenant_id AND status <> 'ACCEPTED'";

    public Task<JobRecord?> FindVisibleAsync(string tenantId, Guid uuid, CancellationToken cancellationToken) =>
        FindAsync(SelectVisibleSql, tenantId, uuid, cancellationToken);

    public Task<JobRecord?> FindHiddenOrVisibleAsync(string tenantId, Guid uuid, CancellationToken cancellationToken) =>
        FindAsync(SelectHiddenOrVisibleSql, tenantId, uuid, cancellationToken);

    private async Task<JobRecord?> FindAsync(string sql, string tenantId, Guid uuid, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<Guid>("uuid", uuid));
        command.Parameters.Add(new NpgsqlParameter<string>("tenant_id", tenantId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? JobColumns.Read(reader) : null;
    }

    public async Task<IReadOnlyList<JobRecord>> ListAsync(JobListQuery query, CancellationToken cancellationToken)
    {
        var (sql, parameters) = ListCommand(query);
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        var jobs = new List<JobRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            jobs.Add(JobColumns.Read(reader));
        }

        return jobs;
    }

    /// <summary>The SQL of a list or search and its parameters (docs/api.md, "Searching jobs").</summary>
    internal static (string Sql, NpgsqlParameter[] Parameters) ListCommand(JobListQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!JobSearchFields.TryGetColumn(query.OrderBy, out var orderColumn))
        {
            throw new ArgumentException($"Unknown orderBy field '{query.OrderBy}'.", nameof(query));
        }

        // The order column and the search conditions come from the fixed field table, never from the request text, so they
        // are safe to splice; every value is a parameter.
        var direction = query.Descending ? "DESC" : "ASC";
        var (conditions, searchParameters) = JobSearchSql.Build(query.Terms ?? []);
        var sql = "SELECT " + JobColumns.SelectList + " FROM aloe_jobs WHERE tenant_id = @tenant_id AND status <> 'ACCEPTED'" +
                  (JobSearchSql.MentionsVisibility(query.Terms) ? "" : " AND visible") +
                  (query.Owner is null ? "" : " AND " + OwnedOrSharedSql) +
                  string.Concat(conditions.Select(condition => " AND " + condition)) +
                  $" ORDER BY {orderColumn} {direction} NULLS LAST, id {direction} LIMIT @limit OFFSET @offset";
        List<NpgsqlParameter> parameters = [new NpgsqlParameter<string>("tenant_id", query.TenantId)];
        if (query.Owner is not null)
        {
            parameters.Add(new NpgsqlParameter<string>("owner", query.Owner));
        }

        parameters.AddRange(searchParameters);
        parameters.Add(new NpgsqlParameter<int>("limit", query.Limit));
        parameters.Add(new NpgsqlParameter<int>("offset", query.Offset));
        return (sql, [.. parameters]);
    }

    public async Task<IReadOnlyList<JobEvent>> HistoryAsync(Guid uuid, int limit, int offset, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            // The event, not the status column: a status change's event is the status entered, another event is its kind.
            "SELECT id, job_uuid, event, created, created_by, description FROM aloe_job_events " +
            "WHERE job_uuid = @uuid ORDER BY id LIMIT @limit OFFSET @offset");
        command.Parameters.Add(new NpgsqlParameter<Guid>("uuid", uuid));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
        command.Parameters.Add(new NpgsqlParameter<int>("offset", offset));
        var events = new List<JobEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new JobEvent(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4), reader.GetString(5)));
        }

        return events;
    }
}
