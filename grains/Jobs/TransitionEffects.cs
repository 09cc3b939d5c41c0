using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Jobs;

/// <summary>
/// The side effects every transition carries (docs/lifecycle.md, "Transitions"): <c>remoteSubmitted</c> when leaving SUBMITTING,
/// <c>remoteStarted</c> on each start (entering RUNNING from SUBMITTING or QUEUED), <c>ended</c> on a terminal state, <c>blockedCount</c> and the saved
/// state on entering BLOCKED or PAUSED, the time paused on leaving PAUSED. Pure, so the grain cannot forget one.
/// </summary>
public static class TransitionEffects
{
    public static JobRecord Apply(JobRecord before, JobRecord after, DateTimeOffset now)
    {
        var result = after;
        if (before.Status == JobStatus.SUBMITTING && after.Status != JobStatus.SUBMITTING && result.RemoteSubmitted is null
            && after.Status is JobStatus.QUEUED or JobStatus.RUNNING or JobStatus.CLEANING_UP)
        {
            result = result with { RemoteSubmitted = now };
        }

        // A start by the scheduler (or a FORK launch) is a fresh start: a job the scheduler requeued and started again
        // gets its whole run time again. Returning from BLOCKED or PAUSED is no new start.
        if (after.Status == JobStatus.RUNNING && before.Status != JobStatus.RUNNING
            && (before.Status is JobStatus.QUEUED or JobStatus.SUBMITTING || result.RemoteStarted is null))
        {
            // The paused time the limits add is counted from the latest start, like the run time itself.
            result = result with { RemoteStarted = now, PausedFor = TimeSpan.Zero };
        }

        result = PauseEffects(before, result, now);

        if (JobTransitions.IsTerminal(after.Status))
        {
            result = result with { Ended = now };
        }

        if (after.Status is JobStatus.BLOCKED or JobStatus.PAUSED)
        {
            result = result with
            {
                SuspendedFrom = before.Status,
                BlockedCount = after.Status == JobStatus.BLOCKED ? before.BlockedCount + 1 : before.BlockedCount,
            };
        }
        else
        {
            result = result with { SuspendedFrom = null };
        }

        return result;
    }

    /// <summary>
    /// Entering PAUSED records when; leaving it drops that and any resume request, and adds the time paused from QUEUED
    /// or RUNNING to <see cref="JobRecord.PausedFor"/> (a pause before the launch is before every limit's start).
    /// </summary>
    private static JobRecord PauseEffects(JobRecord before, JobRecord after, DateTimeOffset now)
    {
        if (after.Status == JobStatus.PAUSED && before.Status != JobStatus.PAUSED)
        {
            return after with { PausedAt = now, ResumeRequestedBy = null };
        }

        if (before.Status == JobStatus.PAUSED && after.Status != JobStatus.PAUSED)
        {
            var paused = before.SuspendedFrom is JobStatus.QUEUED or JobStatus.RUNNING && before.PausedAt is { } since && now > since
                ? now - since
                : TimeSpan.Zero;
            return after with { PausedAt = null, PausedFor = after.PausedFor + paused, ResumeRequestedBy = null };
        }

        return after;
    }

    /// <summary>The phase a status belongs to, for the history text "Transitioning from status X to Y in phase Z".</summary>
    public static string PhaseOf(JobStatus status) => status switch
    {
        JobStatus.ACCEPTED or JobStatus.PENDING => "ACCEPTANCE",
        JobStatus.PROCESSING_INPUTS or JobStatus.STAGING_INPUTS or JobStatus.STAGED => "STAGING_INPUTS",
        JobStatus.STAGING_JOB or JobStatus.SUBMITTING => "SUBMITTING",
        JobStatus.QUEUED or JobStatus.RUNNING => "MONITORING",
        JobStatus.CLEANING_UP or JobStatus.ARCHIVING => "ARCHIVING",
        _ => status.ToString(),
    };
}
