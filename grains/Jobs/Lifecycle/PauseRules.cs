using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution;

namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>Which statuses a pause handles how (docs/lifecycle.md, "PAUSED"). Pure.</summary>
public static class PauseRules
{
    /// <summary>Whether a job in <paramref name="status"/> is paused without asking its system: it has not been launched.</summary>
    public static bool PausesBeforeLaunch(JobStatus status) =>
        status is JobStatus.PENDING or JobStatus.PROCESSING_INPUTS or JobStatus.STAGING_INPUTS or JobStatus.STAGED or JobStatus.STAGING_JOB;

    /// <summary>
    /// The state a status check reports for the remote job of a job in <paramref name="status"/> that a pause would
    /// suspend (QUEUED, RUNNING); null for every other status.
    /// </summary>
    public static RemoteJobState? RemoteStateOf(JobStatus status) => status switch
    {
        JobStatus.QUEUED => RemoteJobState.Queued,
        JobStatus.RUNNING => RemoteJobState.Running,
        _ => null,
    };

    /// <summary>
    /// Why a job in <paramref name="status"/> cannot be paused on a system with <paramref name="scheduler"/>, whose runner
    /// suspends only jobs in <paramref name="suspendable"/>: the statuses it can pause, or that it pauses none.
    /// </summary>
    public static string Unsuspendable(JobStatus status, SchedulerKind scheduler, IReadOnlySet<RemoteJobState> suspendable)
    {
        ArgumentNullException.ThrowIfNull(suspendable);
        var pausable = new[] { JobStatus.QUEUED, JobStatus.RUNNING }
            .Where(candidate => RemoteStateOf(candidate) is { } state && suspendable.Contains(state))
            .Select(candidate => candidate.ToString())
            .ToList();
        var where = pausable.Count == 0
            ? "no job of this system can be paused once it is launched"
            : $"a job of this system can be paused only while it is {string.Join(" or ", pausable)}";
        return $"its scheduler ({scheduler}) cannot pause a {status} job: {where}. Cancel it or let it finish.";
    }
}
