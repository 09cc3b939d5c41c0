using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Quotas;

/// <summary>
/// What to count for one more job: the tenant's execution system, the remote queue (none on a system without
/// queues), the owner, and the job itself, which is never counted against its own admission (a retry after a crash
/// may find it already SUBMITTING).
/// </summary>
public sealed record QuotaScope(string TenantId, string SystemId, string? RemoteQueue, string Owner, Guid? ExcludedJob = null)
{
    /// <summary>The scope of <paramref name="job"/>: its tenant, execution system, remote queue and owner, without the job itself.</summary>
    public static QuotaScope For(JobRecord job) => new(job.TenantId, job.Spec.SystemId, job.Spec.Resources.RemoteQueue, job.Owner, job.Uuid);
}
