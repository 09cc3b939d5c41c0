using AloeOrleans.GrainInterfaces.Queues;

namespace AloeOrleans.Grains.Queues;

/// <summary><c>aloe_queues</c> and the per-queue jobs (with their owners) the queue grain rebuilds itself from.</summary>
public interface IQueueStore
{
    Task<QueueDefinition?> FindAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<QueueDefinition>> ListTenantAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>Creates the tenant's DefaultQueue if it does not exist; returns it as stored.</summary>
    Task<QueueDefinition> EnsureDefaultAsync(string tenantId, int numWorkers, int maxMessages, CancellationToken cancellationToken);

    Task<QueueMembers> LoadMembersAsync(string queueName, CancellationToken cancellationToken);

    /// <summary>Jobs of each named queue that wait outside it: BLOCKED (a condition or a quota) and PAUSED.</summary>
    Task<IReadOnlyDictionary<string, (int Blocked, int Paused)>> CountParkedAsync(IReadOnlyList<string> queueNames, CancellationToken cancellationToken);

    /// <summary>Moves the unfinished jobs of <paramref name="from"/> to <paramref name="to"/> (<see cref="QueueJobMoves"/>); returns how many.</summary>
    Task<int> MoveUnfinishedAsync(string from, string to, string reason, CancellationToken cancellationToken);
}
