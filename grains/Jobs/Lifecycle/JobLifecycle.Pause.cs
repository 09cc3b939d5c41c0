using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Execution;

namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>
/// The rules of pause and resume (docs/lifecycle.md, "PAUSED"), part of <see cref="JobLifecycle.Decide"/>.
/// <list type="bullet">
/// <item>Before its launch (PENDING to STAGING_JOB) a job is paused at once: its work in flight is interrupted (every
/// phase may be run again), it gives its worker slot back and waits.</item>
/// <item>A QUEUED or RUNNING job is paused only when its remote job could be suspended (<see cref="SuspendRemoteJob"/>:
/// what the system can suspend, <see cref="IJobRunner.SuspendableStates"/>, is checked there); it gives its slot back
/// too and is not watched while paused: the status check after the resume sees whatever happened meanwhile.</item>
/// <item>SUBMITTING (a launch cannot be interrupted), CLEANING_UP and ARCHIVING (the app has ended), BLOCKED (it
/// already waits and does no work, and its recovery resumes it) and ended jobs cannot be paused. A PAUSED job asked to
/// pause again stays paused, and a resume still waiting for its slot is withdrawn.</item>
/// <item>Resume goes back to the status the job was paused from, taking a worker slot of its tenant queue first when
/// that status needs one (asked for until granted, like a BLOCKED job's), and continuing the remote job.</item>
/// </list>
/// </summary>
public sealed partial class JobLifecycle
{
    private LifecycleDecision PauseOrResume(JobRecord job, LifecycleEvent happened, LifecycleContext context) => happened switch
    {
        PauseRequested pause => Pause(job, pause.RequestedBy, context.Now),
        RemoteSuspended suspended => AfterSuspension(job, suspended, context.Now),
        ResumeRequested resume => RequestResume(job, resume.RequestedBy, context),
        _ => throw new ArgumentOutOfRangeException(nameof(happened), happened, "Not a pause or a resume."),
    };

    private static LifecycleDecision Pause(JobRecord job, string requestedBy, DateTimeOffset now)
    {
        if (job.Status == JobStatus.PAUSED)
        {
            return job.ResumeRequestedBy is { } resumer ? WithdrawResume(job, requestedBy, resumer, now) : LifecycleDecision.Nothing;
        }

        if (PauseRules.PausesBeforeLaunch(job.Status))
        {
            return Move(job, JobStatus.PAUSED, $"Paused by {requestedBy}; the job holds no worker slot until it is resumed.", now,
                createdBy: requestedBy);
        }

        return PauseRules.RemoteStateOf(job.Status) is not null
            ? LifecycleDecision.Run(new SuspendRemoteJob())
            : LifecycleDecision.Refuse(PauseRefusal(job));
    }

    /// <summary>Why a job in a status without a pause cannot be paused.</summary>
    private static string PauseRefusal(JobRecord job) => job.Status switch
    {
        JobStatus.ACCEPTED => $"Job {job.Uuid} is ACCEPTED: it cannot be paused before it is PENDING.",
        JobStatus.SUBMITTING => $"Job {job.Uuid} is SUBMITTING: it is being launched on {job.Spec.SystemId}, and a launch cannot be interrupted. " +
                                "Pause it once it is QUEUED or RUNNING, where its system allows.",
        JobStatus.CLEANING_UP or JobStatus.ARCHIVING => $"Job {job.Uuid} is {job.Status}: its app has ended and its outcome is being " +
                                                        "settled and its outputs archived, which cannot be paused.",
        JobStatus.BLOCKED => $"Job {job.Uuid} is BLOCKED on {job.BlockedCondition?.ToString() ?? "a condition"}: it does no work and holds " +
                             "no worker slot while it waits, and goes on by itself when the condition clears, so it cannot be paused. Cancel it to stop it.",
        _ when JobTransitions.IsTerminal(job.Status) => $"Job {job.Uuid} has ended ({job.Status}): only a job that has not ended can be paused.",
        _ => $"Job {job.Uuid} is {job.Status}: it cannot be paused.",
    };

    /// <summary>A QUEUED or RUNNING job whose remote job was suspended is PAUSED; otherwise the pause is refused, saying why.</summary>
    private static LifecycleDecision AfterSuspension(JobRecord job, RemoteSuspended suspended, DateTimeOffset now)
    {
        if (PauseRules.RemoteStateOf(job.Status) is null)
        {
            return LifecycleDecision.Refuse($"Job {job.Uuid} is {job.Status} now, no longer QUEUED or RUNNING: ask again to pause it.");
        }

        var result = suspended.Result;
        return result.Outcome switch
        {
            SuspensionOutcome.Done => Move(job, JobStatus.PAUSED, $"Paused by {suspended.RequestedBy}: {result.Message}", now,
                createdBy: suspended.RequestedBy),
            SuspensionOutcome.NotPossible => LifecycleDecision.Refuse($"Job {job.Uuid} is {job.Status} on system {job.Spec.SystemId} and cannot be paused: {result.Message}"),
            _ => LifecycleDecision.Refuse($"Job {job.Uuid} is {job.Status}, but its remote job has ended: {result.Message} " +
                                          "Its next status check moves it on."),
        };
    }

    /// <summary>
    /// A PAUSED job asked to resume records the request (it survives a restart while the job waits for its slot) and goes
    /// back through <see cref="WhilePaused"/>; asking twice changes nothing. Any other job refuses.
    /// </summary>
    private static LifecycleDecision RequestResume(JobRecord job, string requestedBy, LifecycleContext context)
    {
        if (job.Status != JobStatus.PAUSED)
        {
            return LifecycleDecision.Refuse(JobTransitions.IsTerminal(job.Status)
                ? $"Job {job.Uuid} has ended ({job.Status}): only a PAUSED job can be resumed."
                : $"Job {job.Uuid} is {job.Status}, not PAUSED: only a paused job can be resumed.");
        }

        if (job.ResumeRequestedBy is not null)
        {
            return LifecycleDecision.Nothing;
        }

        var target = ResumeTarget(job);
        var message = NeedsSlotToResume(target)
            ? $"Resume requested by {requestedBy}: the job goes back to {target} when tenant queue {job.TenantQueue} has a worker slot for it."
            : $"Resume requested by {requestedBy}: the job goes back to {target}.";
        return new LifecycleDecision
        {
            Next = job with { ResumeRequestedBy = requestedBy, LastStatusMessage = message, LastUpdated = context.Now },
        };
    }

    /// <summary>
    /// A PAUSED job that was asked to resume goes back to where it was paused, once it holds a worker slot when that
    /// status needs one (asked for, and asked again every <see cref="Recovery.RecoveryOptions.ResumeSlotRequestInterval"/>,
    /// until granted), continuing its remote job first. One that was not asked gives a slot it was granted back.
    /// </summary>
    private LifecycleDecision WhilePaused(JobRecord job, LifecycleContext context)
    {
        if (job.ResumeRequestedBy is not { } requestedBy)
        {
            return LifecycleDecision.Run(new ReleaseSlot());
        }

        var target = ResumeTarget(job);
        if (NeedsSlotToResume(target) && !context.SlotGranted)
        {
            return LifecycleDecision.Run(new RequestSlot(), new WakeUpIn(recovery.ResumeSlotRequestInterval, "waiting for a worker slot to resume"));
        }

        // The wake-up planned to ask for the slot again is dropped, or the status's own work would wait for it.
        var resumed = Move(job, target, $"Resumed by {requestedBy}.", context.Now, createdBy: requestedBy);
        JobCommand[] continuing = PauseRules.RemoteStateOf(target) is null ? [] : [new ContinueRemoteJob()];
        return resumed with { Commands = [.. continuing, new StopWork(), .. resumed.Commands] };
    }

    private static LifecycleDecision WithdrawResume(JobRecord job, string requestedBy, string resumer, DateTimeOffset now) => new()
    {
        Next = job with
        {
            ResumeRequestedBy = null,
            LastStatusMessage = $"Paused again by {requestedBy}: the resume {resumer} asked for is withdrawn.",
            LastUpdated = now,
        },
        Commands = [new StopWork(), new ReleaseSlot()],
    };

    private static JobStatus ResumeTarget(JobRecord job) => job.SuspendedFrom ?? JobStatus.PENDING;

    private static bool NeedsSlotToResume(JobStatus target) => JobTransitions.IsActiveProcessing(target);
}
