using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Persistence;

/// <summary>Read side of jobs for the API. Queries come from the database, never from grains (design invariant 4).</summary>
public interface IJobQueries
{
    /// <summary>The job if it exists in the tenant and is externally visible: not ACCEPTED and not hidden.</summary>
    Task<JobRecord?> FindVisibleAsync(string tenantId, Guid uuid, CancellationToken cancellationToken);

    /// <summary>
    /// The job if it exists in the tenant and is not ACCEPTED, hidden or not: for unhide, the one action a hidden job
    /// answers (docs/api.md, "Hiding and unhiding a job").
    /// </summary>
    Task<JobRecord?> FindHiddenOrVisibleAsync(string tenantId, Guid uuid, CancellationToken cancellationToken);

    Task<IReadOnlyList<JobRecord>> ListAsync(JobListQuery query, CancellationToken cancellationToken);

    /// <summary>History events of one job, oldest first; each one's <see cref="JobEvent.Status"/> is its event (a status entered, or a <c>JobHistoryKinds</c> name).</summary>
    Task<IReadOnlyList<JobEvent>> HistoryAsync(Guid uuid, int limit, int offset, CancellationToken cancellationToken);
}
