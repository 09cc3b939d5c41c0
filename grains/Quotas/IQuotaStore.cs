using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Persistence;

namespace AloeOrleans.Grains.Quotas;

/// <summary>
/// The jobs that count against an execution system's limits (<see cref="ActiveJobStatuses"/>), read from the jobs
/// table: every silo of the cluster sees the same numbers.
/// </summary>
public interface IQuotaStore
{
    /// <summary>The jobs counted in the four scopes of <paramref name="scope"/>, without its excluded job.</summary>
    Task<ActiveJobCounts> CountActiveAsync(QuotaScope scope, CancellationToken cancellationToken);

    /// <summary>
    /// The jobs on their way back to SUBMITTING after a quota wait (STAGING_JOB, last blocked on QUOTA_EXCEEDED), in the
    /// four scopes of <paramref name="scope"/>. An admission does not count them (they would refuse each other), but a
    /// quota test does: they are about to take the room it finds, so it releases no more jobs than there is room for
    /// while those it released before are still staging.
    /// </summary>
    Task<ActiveJobCounts> CountReturningAsync(QuotaScope scope, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="job"/> (the job moved to SUBMITTING) exactly as <see cref="IJobStore.UpdateAsync"/> would,
    /// but only if <see cref="SubmissionQuotaRule"/> admits it given the jobs counted in <see cref="QuotaScope.For"/>
    /// of it. Counting and writing happen in one transaction under a lock per (tenant, system), so admissions racing on
    /// any silo are serialised: two jobs can never both take the last slot. Refused: nothing is written. Throws
    /// <see cref="JobVersionConflictException"/> like <see cref="IJobStore.UpdateAsync"/>.
    /// </summary>
    Task<QuotaAdmission> AdmitAsync(JobRecord job, int expectedVersion, JobEventWrite? jobEvent, SubmissionLimits limits,
        CancellationToken cancellationToken);
}
