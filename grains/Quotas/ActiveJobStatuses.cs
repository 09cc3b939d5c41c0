using System.Collections.Frozen;
using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Quotas;

/// <summary>
/// Which jobs count against an execution system's job limits: those that hold a slot on it, or are about to. The
/// limits are Agave's "jobs queued or running at once", so a job counts from SUBMITTING (the scheduler may already
/// have it when the outcome of the submission is still unknown) through QUEUED and RUNNING; once its remote job has
/// ended (CLEANING_UP, ARCHIVING, a terminal state) it no longer does. A PAUSED or BLOCKED job counts when it was
/// suspended from one of those states: a held Slurm job still sits in the queue (Slurm counts it against its own
/// limits too), a stopped FORK job still lives on the host, a job whose monitoring is blocked still runs. A job
/// blocked before submission (QUOTA_EXCEEDED among others) holds nothing and does not count, or it would wait for itself.
/// </summary>
public static class ActiveJobStatuses
{
    /// <summary>The statuses in which a job holds a slot on its execution system.</summary>
    public static IReadOnlySet<JobStatus> HoldingASlot { get; } =
        new[] { JobStatus.SUBMITTING, JobStatus.QUEUED, JobStatus.RUNNING }.ToFrozenSet();

    /// <summary>Whether a job in <paramref name="status"/>, suspended from <paramref name="suspendedFrom"/> if PAUSED or BLOCKED, counts.</summary>
    public static bool Counts(JobStatus status, JobStatus? suspendedFrom) =>
        HoldingASlot.Contains(status)
        || (status is JobStatus.PAUSED or JobStatus.BLOCKED && suspendedFrom is { } from && HoldingASlot.Contains(from));

    /// <summary>
    /// <see cref="Counts"/> as a condition on <c>aloe_jobs</c>. Its first term is the predicate of the partial index
    /// <c>ix_aloe_jobs_system_active</c> (<c>sql/0005_job_quotas.sql</c>), word for word, so the planner can use it.
    /// </summary>
    public const string SqlCondition =
        "status IN ('SUBMITTING', 'QUEUED', 'RUNNING', 'PAUSED', 'BLOCKED') " +
        "AND (status IN ('SUBMITTING', 'QUEUED', 'RUNNING') OR suspended_from IN ('SUBMITTING', 'QUEUED', 'RUNNING'))";
}
