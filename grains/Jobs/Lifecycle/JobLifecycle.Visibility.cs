using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Persistence;

namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>
/// The rules of hide, unhide and resubmit (docs/api.md, "Hiding and unhiding a job", "Resubmitting a job"), part of
/// <see cref="JobLifecycle.Decide"/>.
/// <list type="bullet">
/// <item>Only an ended job (FINISHED, STOPPED, FAILED) can be hidden: a job still at work would go on changing, and
/// notifying, out of its owner's sight. Hiding a hidden job changes nothing.</item>
/// <item>A hidden job can be unhidden whatever its state; unhiding a visible job changes nothing.</item>
/// <item>Each change writes only <c>visible</c> and a history event (HIDDEN, UNHIDDEN) by the user who asked:
/// <c>lastUpdated</c> tells the job's progress and is left alone.</item>
/// <item>A job can be resubmitted in every state but ACCEPTED and PENDING (the seed's rule).</item>
/// </list>
/// </summary>
public sealed partial class JobLifecycle
{
    /// <summary>Whether a job in <paramref name="status"/> may be hidden: it has ended.</summary>
    public static bool CanHide(JobStatus status) => JobTransitions.IsTerminal(status);

    /// <summary>Whether a job in <paramref name="status"/> may be resubmitted: every state but ACCEPTED and PENDING.</summary>
    public static bool CanResubmit(JobStatus status) => status is not (JobStatus.ACCEPTED or JobStatus.PENDING);

    /// <summary>Why a job in <paramref name="status"/> cannot be resubmitted (for a 409); null when it can.</summary>
    public static string? ResubmitRefusal(Guid jobUuid, JobStatus status) => CanResubmit(status)
        ? null
        : $"Job {jobUuid} is {status}: a job cannot be resubmitted while it is ACCEPTED or PENDING (it has not started yet). " +
          "Resubmit it once it is processing or has ended, or submit a new job.";

    private static LifecycleDecision HideOrUnhide(JobRecord job, LifecycleEvent happened) => happened switch
    {
        HideRequested hide => Hide(job, hide.RequestedBy),
        UnhideRequested unhide => Unhide(job, unhide.RequestedBy),
        _ => throw new ArgumentOutOfRangeException(nameof(happened), happened, "Not a hide or an unhide."),
    };

    private static LifecycleDecision Hide(JobRecord job, string requestedBy)
    {
        if (!CanHide(job.Status))
        {
            return LifecycleDecision.Refuse(
                $"Job {job.Uuid} is {job.Status}: only a job that has ended (FINISHED, STOPPED or FAILED) can be hidden. Cancel it first, or wait for it to end.");
        }

        return !job.Visible ? LifecycleDecision.Nothing : new LifecycleDecision
        {
            Next = job with { Visible = false },
            HistoryEvent = new JobEventWrite(JobHistoryKinds.Hidden,
                $"Job hidden by {requestedBy}: it is left out of job lists and answers 404 until it is unhidden.", requestedBy),
        };
    }

    private static LifecycleDecision Unhide(JobRecord job, string requestedBy) => job.Visible ? LifecycleDecision.Nothing : new LifecycleDecision
    {
        Next = job with { Visible = true },
        HistoryEvent = new JobEventWrite(JobHistoryKinds.Unhidden, $"Job unhidden by {requestedBy}: it is visible again.", requestedBy),
    };
}
