using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.GrainInterfaces.Queues;
using Npgsql;

namespace AloeOrleans.Grains.Queues;

/// <summary>
/// Moves the unfinished jobs of a removed tenant queue to another queue of the tenant, in one statement with a
/// TENANT_QUEUE_CHANGED history event per job (docs/queues.md, "Defining queues"). The version goes up, so a job grain
/// that still holds the old row meets a version conflict at its next write and reads the job again, new queue included.
/// The statement also sends the target queue's change notification (at commit), so its grain reads its jobs again at
/// once and grants the moved ones their slots. Used by the import (<c>--drain-to</c>) and by a removed queue's grain for
/// jobs accepted into it after the removal.
/// </summary>
internal static class QueueJobMoves
{
    private const string Sql =
        "WITH moved AS (UPDATE aloe_jobs SET tenant_queue = @to, version = version + 1, last_updated = now() " +
        "WHERE tenant_queue = @from AND status NOT IN ('FINISHED', 'STOPPED', 'FAILED') RETURNING uuid, status) " +
        ", events AS (INSERT INTO aloe_job_events (job_uuid, event, status, created, created_by, description) " +
        "SELECT uuid, '" + JobHistoryKinds.TenantQueueChanged + "', status, now(), @by, @description FROM moved RETURNING job_uuid) " +
        "SELECT count(*)::int, pg_notify('aloe_queues', @notice) FROM events";

    /// <summary>The statement; <c>ExecuteScalar</c> gives the number of jobs moved (one event each).</summary>
    public static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string from, string to, string by, string reason)
    {
        var command = new NpgsqlCommand(Sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string>("from", from));
        command.Parameters.Add(new NpgsqlParameter<string>("to", to));
        command.Parameters.Add(new NpgsqlParameter<string>("by", by));
        command.Parameters.Add(new NpgsqlParameter<string>("description", $"Moved from tenant queue {from} to {to}: {reason}"));
        command.Parameters.Add(new NpgsqlParameter<string>("notice", $"{QueueDefinition.TenantOf(to)}/{to}"));
        return command;
    }
}
