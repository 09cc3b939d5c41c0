using System.Globalization;
using AloeOrleans.Grains.Persistence;
using Npgsql;

namespace AloeOrleans.Grains.Events;

/// <summary>
/// Reads settled history events after a cursor (docs/notifications.md, "The event stream"): of one job, or of every
/// visible job a user owns. Only events of transactions older than every running one are read
/// (<c>pg_snapshot_xmin</c>), in (transaction, id) order: that part of the table never changes again, so reading on from
/// the last cursor sent skips nothing, even when transactions commit out of id order (sql/0013_job_event_feed.sql).
/// </summary>
public sealed class PostgresJobEventFeed(NpgsqlDataSource dataSource)
{
    private const string Columns = "e.id, e.job_uuid, e.event, e.created, e.created_by, e.description, e.xact_id::text";
    private const string Settled = "(e.xact_id, e.id) > (@x::xid8, @id) AND e.xact_id < pg_snapshot_xmin(pg_current_snapshot())";

    public Task<IReadOnlyList<FeedEvent>> ForJobAsync(Guid jobUuid, JobEventCursor after, int limit, CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(async () =>
        {
            await using var command = dataSource.CreateCommand(
                "SELECT " + Columns + " FROM aloe_job_events e WHERE e.job_uuid = @job AND " + Settled + " ORDER BY e.xact_id, e.id LIMIT @limit");
            command.Parameters.Add(new NpgsqlParameter<Guid>("job", jobUuid));
            Bind(command, after, limit);
            return await ReadAsync(command, cancellationToken);
        });

    public Task<IReadOnlyList<FeedEvent>> ForOwnerAsync(string tenantId, string owner, JobEventCursor after, int limit, CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(async () =>
        {
            await using var command = dataSource.CreateCommand(
                "SELECT " + Columns + " FROM aloe_job_events e JOIN aloe_jobs j ON j.uuid = e.job_uuid " +
                "WHERE " + Settled + " AND j.tenant_id = @tenant AND j.owner = @owner AND j.visible ORDER BY e.xact_id, e.id LIMIT @limit");
            command.Parameters.Add(new NpgsqlParameter<string>("tenant", tenantId));
            command.Parameters.Add(new NpgsqlParameter<string>("owner", owner));
            Bind(command, after, limit);
            return await ReadAsync(command, cancellationToken);
        });

    /// <summary>The cursor of "now": every event settled before it, none written after it.</summary>
    public Task<JobEventCursor> NowAsync(CancellationToken cancellationToken) =>
        DatabaseOutages.GuardAsync(async () =>
        {
            // Transactions from the oldest one still running on are not settled; their events come after this cursor.
            await using var command = dataSource.CreateCommand("SELECT (pg_snapshot_xmin(pg_current_snapshot())::text::numeric - 1)::text");
            var text = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
            return new JobEventCursor(ulong.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture), long.MaxValue);
        });

    private static void Bind(NpgsqlCommand command, JobEventCursor after, int limit)
    {
        command.Parameters.Add(new NpgsqlParameter<string>("x", after.Transaction.ToString(CultureInfo.InvariantCulture)));
        command.Parameters.Add(new NpgsqlParameter<long>("id", after.EventId));
        command.Parameters.Add(new NpgsqlParameter<int>("limit", limit));
    }

    private static async Task<IReadOnlyList<FeedEvent>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var events = new List<FeedEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var jobEvent = new JobEvent(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetString(4), reader.GetString(5));
            events.Add(new FeedEvent(jobEvent, new JobEventCursor(ulong.Parse(reader.GetString(6), NumberStyles.None, CultureInfo.InvariantCulture), jobEvent.Id)));
        }

        return events;
    }
}
