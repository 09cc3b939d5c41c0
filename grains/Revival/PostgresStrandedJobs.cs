using Npgsql;

namespace AloeOrleans.Grains.Revival;

/// <summary>
/// <see cref="IStrandedJobs"/> on <c>aloe_jobs</c> (its index of unfinished jobs) and the Orleans reminder table, whose
/// grain ids the caller computes with Orleans itself, so their format is never written here.
/// </summary>
public sealed class PostgresStrandedJobs(NpgsqlDataSource dataSource) : IStrandedJobs
{
    private const string Unfinished = "status NOT IN ('FINISHED', 'STOPPED', 'FAILED')";
    private const string Waiting = "'PENDING', 'QUEUED', 'RUNNING', 'BLOCKED', 'PAUSED'";

    public Task<IReadOnlyList<StrandedJob>> ListAcceptedAsync(DateTimeOffset before, long afterId, int limit, CancellationToken cancellationToken) =>
        ListAsync("status = 'ACCEPTED'", before, afterId, limit, cancellationToken);

    public Task<IReadOnlyList<StrandedJob>> ListStaleAsync(DateTimeOffset before, long afterId, int limit, CancellationToken cancellationToken) =>
        ListAsync("status NOT IN ('ACCEPTED', 'BLOCKED', 'PAUSED')", before, afterId, limit, cancellationToken);

    public Task<IReadOnlyList<StrandedJob>> ListInterruptedAsync(long afterId, int limit, CancellationToken cancellationToken) =>
        ListAsync($"status NOT IN ({Waiting})", afterId, limit, cancellationToken);

    public Task<IReadOnlyList<StrandedJob>> ListWaitingAsync(long afterId, int limit, CancellationToken cancellationToken) =>
        ListAsync($"status IN ({Waiting})", afterId, limit, cancellationToken);

    public async Task<IReadOnlySet<string>> WithRemindersAsync(string serviceId, IReadOnlyList<string> grainIds, CancellationToken cancellationToken)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (grainIds.Count == 0)
        {
            return found;
        }

        await using var command = dataSource.CreateCommand(
            "SELECT DISTINCT grainid FROM orleansreminderstable WHERE serviceid = $1 AND grainid = ANY($2)");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = serviceId });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. grainIds] });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(reader.GetString(0));
        }

        return found;
    }

    private async Task<IReadOnlyList<StrandedJob>> ListAsync(string condition, DateTimeOffset before, long afterId, int limit,
        CancellationToken cancellationToken)
    {
        // Spelled out with the terminal statuses, so that the partial index of unfinished jobs serves the query.
        await using var command = dataSource.CreateCommand(
            $"SELECT id, uuid FROM aloe_jobs WHERE {Unfinished} AND {condition} AND last_updated < $1 AND id > $2 ORDER BY id LIMIT $3");
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = before });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await ReadAsync(command, cancellationToken);
    }

    private async Task<IReadOnlyList<StrandedJob>> ListAsync(string condition, long afterId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT id, uuid FROM aloe_jobs WHERE {Unfinished} AND {condition} AND id > $1 ORDER BY id LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await ReadAsync(command, cancellationToken);
    }

    private static async Task<IReadOnlyList<StrandedJob>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var jobs = new List<StrandedJob>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            jobs.Add(new StrandedJob(reader.GetInt64(0), reader.GetGuid(1)));
        }

        return jobs;
    }
}
