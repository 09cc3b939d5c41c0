using AloeOrleans.Grains.Persistence;
using Npgsql;

namespace AloeOrleans.Grains.Events;

/// <summary>
/// Reads history events after a given id (docs/notifications.md, "The event stream"): of one job, or of every visible
/// job a user owns. Event ids only grow, so "after the last id seen" never skips nor repeats one.
/// </summary>
public sealed class PostgresJobEventFeed(NpgsqlDataSource dataSource)
{
    public Task<IReadOnlyList<JobEvent>> ForJobAsync(Guid jobUuid, long afterId, int limit, CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(async () =>
        {
            await using var command = dataSource.CreateCommand(
                "SELECT id, job_uuid, event, created, created_by, description FROM aloe_job_events " +
                "WHERE job_uuid = @job AND id > @after ORDER BY id LIMIT @limit");
            command.Parameters.Add(new NpgsqlParameter<Guid>("job", jobUuid));
            command.Parameters.Add(new NpgsqlParameter<long>("after", afterId));
            command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
            return await ReadAsync(command, cancellationToken);
        });

    public Task<IReadOnlyList<JobEvent>> ForOwnerAsync(string tenantId, string owner, long afterId, int limit, CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(async () =>
        {
            await using var command = dataSource.CreateCommand(
                "SELECT e.id, e.job_uuid, e.event, e.created, e.created_by, e.description FROM aloe_job_events e " +
                "JOIN aloe_jobs j ON j.uuid = e.job_uuid " +
                "WHERE e.id > @after AND j.tenant_id = @tenant AND j.owner = @owner AND j.visible ORDER BY e.id LIMIT @limit");
            command.Parameters.Add(new NpgsqlParameter<string>("tenant", tenantId));
            command.Parameters.Add(new NpgsqlParameter<string>("owner", owner));
            command.Parameters.Add(new NpgsqlParameter<long>("after", afterId));
            command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
            return await ReadAsync(command, cancellationToken);
        });

    /// <summary>The id of the newest event: a stream that starts "now" starts after it.</summary>
    public Task<long> LatestIdAsync(CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(async () =>
        {
            await using var command = dataSource.CreateCommand("SELECT COALESCE(max(id), 0) FROM aloe_job_events");
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        });

    private static async Task<IReadOnlyList<JobEvent>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var events = new List<JobEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new JobEvent(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetString(4), reader.GetString(5)));
        }

        return events;
    }
}
