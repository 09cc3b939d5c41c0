using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Persistence;

namespace AloeOrleans.Tests.Gateway;

/// <summary>In-memory read side with the same visibility rule as the real one (tenant, not ACCEPTED, not hidden).</summary>
internal sealed class FakeJobQueries : IJobQueries
{
    public List<JobRecord> Jobs { get; } = [];

    public List<JobEvent> Events { get; } = [];

    public JobListQuery? LastList { get; private set; }

    /// <summary>When set, every query throws it (to test outage handling).</summary>
    public Exception? Failure { get; set; }

    public (int Limit, int Offset)? LastHistoryPage { get; private set; }

    public Task<JobRecord?> FindVisibleAsync(string tenantId, Guid uuid, CancellationToken cancellationToken) =>
        Failure is not null ? Task.FromException<JobRecord?>(Failure) : Task.FromResult(Jobs.FirstOrDefault(job =>
            job.Uuid == uuid && job.TenantId == tenantId && job.Status != JobStatus.ACCEPTED && job.Visible));

    public Task<JobRecord?> FindHiddenOrVisibleAsync(string tenantId, Guid uuid, CancellationToken cancellationToken) =>
        Failure is not null ? Task.FromException<JobRecord?>(Failure) : Task.FromResult(Jobs.FirstOrDefault(job =>
            job.Uuid == uuid && job.TenantId == tenantId && job.Status != JobStatus.ACCEPTED));

    public Task<IReadOnlyList<JobRecord>> ListAsync(JobListQuery query, CancellationToken cancellationToken)
    {
        LastList = query;
        if (Failure is not null)
        {
            return Task.FromException<IReadOnlyList<JobRecord>>(Failure);
        }

        IReadOnlyList<JobRecord> page = Jobs
            .Where(job => job.TenantId == query.TenantId && (query.Owner is null || job.Owner == query.Owner))
            .Where(job => job.Status != JobStatus.ACCEPTED && job.Visible)
            .Skip(query.Offset)
            .Take(query.Limit)
            .ToList();
        return Task.FromResult(page);
    }

    public Task<IReadOnlyList<JobEvent>> HistoryAsync(Guid uuid, int limit, int offset, CancellationToken cancellationToken)
    {
        LastHistoryPage = (limit, offset);
        IReadOnlyList<JobEvent> page = Events.Where(e => e.JobUuid == uuid).Skip(offset).Take(limit).ToList();
        return Task.FromResult(page);
    }
}
