using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Persistence;

namespace AloeOrleans.Grains.Events;

/// <summary>
/// The job store that signals the event streams after every write that added history events (docs/notifications.md,
/// "The event stream"). The write itself is the inner store's, unchanged.
/// </summary>
public sealed class PublishingJobStore(PostgresJobStore inner, JobEventPublisher publisher) : IJobStore
{
    public Task<JobRecord?> GetAsync(Guid uuid, CancellationToken cancellationToken) => inner.GetAsync(uuid, cancellationToken);

    public async Task<(JobRecord Job, bool Created)> InsertAcceptedAsync(JobRecord job, JobEventWrite acceptedEvent, CancellationToken cancellationToken)
    {
        var result = await inner.InsertAcceptedAsync(job, acceptedEvent, cancellationToken);
        if (result.Created)
        {
            await publisher.PublishAsync(result.Job.Uuid, result.Job.TenantId);
        }

        return result;
    }

    public async Task<(JobRecord Job, bool Created)> InsertResubmissionAsync(JobRecord job, JobEventWrite acceptedEvent, JobResubmissionEvents events,
        CancellationToken cancellationToken)
    {
        var result = await inner.InsertResubmissionAsync(job, acceptedEvent, events, cancellationToken);
        if (result.Created)
        {
            await publisher.PublishAsync(result.Job.Uuid, result.Job.TenantId);
            await publisher.PublishAsync(events.OriginalJob, result.Job.TenantId);
        }

        return result;
    }

    public async Task<JobRecord> UpdateAsync(JobRecord job, int expectedVersion, JobEventWrite? jobEvent, CancellationToken cancellationToken)
    {
        var updated = await inner.UpdateAsync(job, expectedVersion, jobEvent, cancellationToken);
        if (jobEvent is not null)
        {
            await publisher.PublishAsync(updated.Uuid, updated.TenantId);
        }

        return updated;
    }

    public async Task AppendEventAsync(Guid uuid, JobEventWrite jobEvent, CancellationToken cancellationToken)
    {
        await inner.AppendEventAsync(uuid, jobEvent, cancellationToken);
        if (await inner.GetAsync(uuid, cancellationToken) is { } job)
        {
            await publisher.PublishAsync(uuid, job.TenantId);
        }
    }

    public Task<IReadOnlyList<(long Id, Guid Uuid)>> ListUnfinishedAsync(long afterId, int limit, CancellationToken cancellationToken) =>
        inner.ListUnfinishedAsync(afterId, limit, cancellationToken);
}
