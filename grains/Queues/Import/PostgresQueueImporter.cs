using AloeOrleans.GrainInterfaces.Queues;
using Npgsql;

namespace AloeOrleans.Grains.Queues.Import;

/// <summary>
/// Applies an import in one transaction (docs/queues.md, "Defining queues"): it reads the stored queues of the tenants
/// the files name (locked) and the unfinished jobs of those the import would remove, plans with
/// <see cref="QueueImportPlanner"/>, and then either rolls back (errors, or a dry run) or moves the drained jobs,
/// removes, creates and updates, and commits. All or nothing; imports run one at a time. Every silo sees the change
/// at commit through the table's NOTIFY trigger.
/// </summary>
public sealed class PostgresQueueImporter(NpgsqlDataSource dataSource)
{
    // pg_advisory_xact_lock key of queue imports ("aloeqimp").
    private const long ImportLock = 0x616c6f6571696d70;

    public const string Actor = "queue-import";

    public async Task<QueueImportPlan> ImportAsync(IReadOnlyList<ImportedQueue> imported, IReadOnlyList<string> drainTo, bool dryRun,
        QueueDefaultsOptions defaults, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(imported);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({ImportLock}); SET CONSTRAINTS aloe_queues_tenant_priority DEFERRED",
            cancellationToken);

        var tenants = imported.Select(queue => queue.Definition.TenantId).Distinct(StringComparer.Ordinal).ToArray();
        var stored = await StoredAsync(connection, transaction, tenants, cancellationToken);
        var importedNames = imported.Select(queue => queue.Definition.Name).ToHashSet(StringComparer.Ordinal);
        var unfinished = await UnfinishedAsync(connection, transaction,
            stored.Select(queue => queue.Name).Where(name => !importedNames.Contains(name)).ToArray(), cancellationToken);
        var plan = QueueImportPlanner.Plan(imported, stored, unfinished, drainTo, defaults);
        if (!plan.IsValid || dryRun)
        {
            await transaction.RollbackAsync(cancellationToken);
            return plan;
        }

        foreach (var change in plan.Changes.Where(change => change.Kind == QueueChangeKind.Removed))
        {
            await RemoveAsync(connection, transaction, change, cancellationToken);
        }

        foreach (var change in plan.Changes.Where(change => change.Kind is QueueChangeKind.Created or QueueChangeKind.Updated))
        {
            await WriteAsync(connection, transaction, change, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return plan;
    }

    private static async Task<IReadOnlyList<QueueDefinition>> StoredAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string[] tenants,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {PostgresQueueStore.Columns} FROM aloe_queues WHERE tenant_id = ANY(@tenants) FOR UPDATE", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string[]>("tenants", tenants));
        return await PostgresQueueStore.ReadAsync(command, cancellationToken);
    }

    private static async Task<IReadOnlyDictionary<string, int>> UnfinishedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        string[] queues, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (queues.Length == 0)
        {
            return counts;
        }

        await using var command = new NpgsqlCommand(
            "SELECT tenant_queue, count(*)::int FROM aloe_jobs WHERE tenant_queue = ANY(@queues) " +
            "AND status NOT IN ('FINISHED', 'STOPPED', 'FAILED') GROUP BY tenant_queue", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string[]>("queues", queues));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] = reader.GetInt32(1);
        }

        return counts;
    }

    private static async Task RemoveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, QueueChange change, CancellationToken cancellationToken)
    {
        if (change.DrainTo is { } target)
        {
            await using var move = QueueJobMoves.Command(connection, transaction, change.Queue.Name, target, Actor,
                $"tenant queue {change.Queue.Name} was removed by a queue import (--drain-to)");
            await move.ExecuteScalarAsync(cancellationToken);
        }

        await using var delete = new NpgsqlCommand("DELETE FROM aloe_queues WHERE name = @name", connection, transaction);
        delete.Parameters.Add(new NpgsqlParameter<string>("name", change.Queue.Name));
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, QueueChange change, CancellationToken cancellationToken)
    {
        var queue = change.Queue;
        await using var command = new NpgsqlCommand(change.Kind == QueueChangeKind.Created
            ? "INSERT INTO aloe_queues (name, tenant_id, priority, filter, num_workers, max_messages) " +
              "VALUES (@name, @tenant, @priority, @filter, @workers, @max)"
            : "UPDATE aloe_queues SET priority = @priority, filter = @filter, num_workers = @workers, max_messages = @max, last_updated = now() " +
              "WHERE name = @name AND tenant_id = @tenant", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string>("name", queue.Name));
        command.Parameters.Add(new NpgsqlParameter<string>("tenant", queue.TenantId));
        command.Parameters.Add(new NpgsqlParameter<int>("priority", queue.Priority));
        command.Parameters.Add(new NpgsqlParameter<string>("filter", queue.Filter));
        command.Parameters.Add(new NpgsqlParameter<int>("workers", queue.NumWorkers));
        command.Parameters.Add(new NpgsqlParameter<int>("max", queue.MaxMessages));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
