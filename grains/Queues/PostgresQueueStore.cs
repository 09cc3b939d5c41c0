using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.GrainInterfaces.Queues;
using Npgsql;

namespace AloeOrleans.Grains.Queues;

/// <summary><see cref="IQueueStore"/> over PostgreSQL.</summary>
public sealed class PostgresQueueStore(NpgsqlDataSource dataSource) : IQueueStore
{
    /// <summary>The columns <see cref="ReadAsync"/> maps, in its order (also read by the import).</summary>
    internal const string Columns = "name, tenant_id, priority, filter, num_workers, max_messages";

    /// <summary>The statuses that hold a worker slot, spelled for SQL from the one definition in <see cref="JobTransitions"/>.</summary>
    private static readonly string[] ActiveStatuses =
        Enum.GetValues<JobStatus>().Where(JobTransitions.IsActiveProcessing).Select(status => status.ToString()).ToArray();

    public async Task<QueueDefinition?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM aloe_queues WHERE name = @name");
        command.Parameters.Add(new NpgsqlParameter<string>("name", name));
        return (await ReadAsync(command, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<QueueDefinition>> ListTenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM aloe_queues WHERE tenant_id = @tenant ORDER BY priority DESC");
        command.Parameters.Add(new NpgsqlParameter<string>("tenant", tenantId));
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<QueueDefinition> EnsureDefaultAsync(string tenantId, int numWorkers, int maxMessages, CancellationToken cancellationToken)
    {
        var name = QueueDefinition.DefaultQueueName(tenantId);
        await using (var insert = dataSource.CreateCommand(
            "INSERT INTO aloe_queues (name, tenant_id, priority, filter, num_workers, max_messages) " +
            "VALUES (@name, @tenant, 1, 'TRUE', @workers, @max) ON CONFLICT (name) DO NOTHING"))
        {
            insert.Parameters.Add(new NpgsqlParameter<string>("name", name));
            insert.Parameters.Add(new NpgsqlParameter<string>("tenant", tenantId));
            insert.Parameters.Add(new NpgsqlParameter<int>("workers", numWorkers));
            insert.Parameters.Add(new NpgsqlParameter<int>("max", maxMessages));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        return await FindAsync(name, cancellationToken)
               ?? throw new InvalidOperationException($"Queue {name} was neither created nor found.");
    }

    public async Task<QueueMembers> LoadMembersAsync(string queueName, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT uuid, status, owner FROM aloe_jobs WHERE tenant_queue = @queue " +
            "AND status NOT IN ('FINISHED', 'STOPPED', 'FAILED', 'BLOCKED', 'PAUSED') ORDER BY id");
        command.Parameters.Add(new NpgsqlParameter<string>("queue", queueName));
        var waiting = new List<QueueMember>();
        var active = new List<QueueMember>();
        var pending = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var uuid = reader.GetGuid(0);
            var status = reader.GetString(1);
            var member = new QueueMember(uuid, reader.GetString(2));
            if (ActiveStatuses.Contains(status))
            {
                active.Add(member);
            }
            else
            {
                waiting.Add(member);
                if (status == nameof(JobStatus.PENDING))
                {
                    pending.Add(uuid);
                }
            }
        }

        return new QueueMembers(waiting, active, pending);
    }

    public async Task<IReadOnlyDictionary<string, (int Blocked, int Paused)>> CountParkedAsync(IReadOnlyList<string> queueNames,
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT tenant_queue, count(*) FILTER (WHERE status = 'BLOCKED')::int, count(*) FILTER (WHERE status = 'PAUSED')::int " +
            "FROM aloe_jobs WHERE tenant_queue = ANY(@queues) AND status IN ('BLOCKED', 'PAUSED') GROUP BY tenant_queue");
        command.Parameters.Add(new NpgsqlParameter<string[]>("queues", [.. queueNames]));
        var counts = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = (reader.GetInt32(1), reader.GetInt32(2));
        }

        return counts;
    }

    public async Task<int> MoveUnfinishedAsync(string from, string to, string reason, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = QueueJobMoves.Command(connection, null, from, to, "aloe", reason);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The queues a <c>SELECT <see cref="Columns"/></c> returns.</summary>
    internal static async Task<IReadOnlyList<QueueDefinition>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var result = new List<QueueDefinition>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new QueueDefinition(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3),
                reader.GetInt32(4), reader.GetInt32(5)));
        }

        return result;
    }
}
