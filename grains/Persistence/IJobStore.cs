using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Persistence;

/// <summary>
/// Write side of <c>aloe_jobs</c>, used only by the job's own grain. Every write checks the version the grain
/// last read and bumps it, so a second writer can never overwrite a change it has not seen. Free text (status
/// messages, event descriptions) is made to fit its column (<see cref="ColumnText"/>), so no text can make a write fail.
/// </summary>
public interface IJobStore
{
    Task<JobRecord?> GetAsync(Guid uuid, CancellationToken cancellationToken);

    /// <summary>Commits the ACCEPTED row and its first event. When the idempotency key was used before, returns that job instead and stores nothing.</summary>
    Task<(JobRecord Job, bool Created)> InsertAcceptedAsync(JobRecord job, JobEventWrite acceptedEvent, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="InsertAcceptedAsync"/> for a resubmission: in the same statement, and only when the row is inserted, the
    /// new job gets <see cref="JobResubmissionEvents.OnNewJob"/> after its ACCEPTED event and the original job gets
    /// <see cref="JobResubmissionEvents.OnOriginalJob"/> (with its status of the moment). A replayed idempotency key
    /// writes nothing, so the events are written once.
    /// </summary>
    Task<(JobRecord Job, bool Created)> InsertResubmissionAsync(JobRecord job, JobEventWrite acceptedEvent, JobResubmissionEvents events,
        CancellationToken cancellationToken);

    /// <summary>
    /// Writes every mutable column of <paramref name="job"/> (and the event, if any) where the stored version is
    /// <paramref name="expectedVersion"/>; the returned record is what was stored (text fitted) with the new version. Throws
    /// <see cref="JobVersionConflictException"/> when someone else wrote first.
    /// </summary>
    Task<JobRecord> UpdateAsync(JobRecord job, int expectedVersion, JobEventWrite? jobEvent, CancellationToken cancellationToken);

    /// <summary>Appends a history event that changes nothing else (progress, notification attempts).</summary>
    Task AppendEventAsync(Guid uuid, JobEventWrite jobEvent, CancellationToken cancellationToken);

    /// <summary>UUIDs of jobs not in a terminal state, in id order after <paramref name="afterId"/>, for recovery after a restart.</summary>
    Task<IReadOnlyList<(long Id, Guid Uuid)>> ListUnfinishedAsync(long afterId, int limit, CancellationToken cancellationToken);
}
