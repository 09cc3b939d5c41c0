namespace AloeOrleans.GrainInterfaces.Queues;

/// <summary>
/// One tenant queue (key: the queue name). Applies admission (<c>maxMessages</c> jobs waiting), the worker limit
/// (<c>numWorkers</c> jobs in active processing) and each user's share of the workers. Its counts are rebuilt from
/// the database on activation and reconciled with it periodically, never only trusted from memory.
/// </summary>
[Alias("aloe.ITenantQueueGrain")]
public interface ITenantQueueGrain : IGrainWithStringKey
{
    /// <summary>Reserves a backlog place for the job, unless the backlog is full or the queue was removed. Idempotent per job.</summary>
    [Alias("TryAdmit")]
    Task<QueueAdmission> TryAdmitAsync(Guid jobUuid);

    /// <summary>Gives back a reservation whose ACCEPTED row was never written.</summary>
    [Alias("Abandon")]
    Task AbandonAsync(Guid jobUuid);

    /// <summary>
    /// The job is PENDING and wants a worker slot; the queue calls <c>SlotGrantedAsync</c> when it has one and
    /// <paramref name="owner"/>'s jobs hold less than their share.
    /// </summary>
    [Alias("RequestSlot")]
    Task RequestSlotAsync(Guid jobUuid, string owner);

    /// <summary>The job left the backlog or active processing (terminal, BLOCKED, PAUSED): frees what it held.</summary>
    [Alias("Release")]
    Task ReleaseAsync(Guid jobUuid);

    [Alias("GetSnapshot")]
    Task<QueueSnapshot> GetSnapshotAsync();

    /// <summary>
    /// Reads the queue's definition and counts again now (its row changed): new limits apply at once, and a raised
    /// <c>numWorkers</c> grants waiting jobs their slots. A queue whose row is gone admits no more jobs.
    /// </summary>
    [Alias("Refresh")]
    Task RefreshAsync();
}
