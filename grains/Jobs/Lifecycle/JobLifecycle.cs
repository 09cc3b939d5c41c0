using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Persistence;
using AloeOrleans.Grains.Quotas;
using AloeOrleans.Grains.Recovery;

namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>
/// Every rule of the job lifecycle, in one pure function: given the job as stored, what happened and what its grain
/// holds in memory, <see cref="Decide"/> says what the job becomes (status, message, fields, history event) and what
/// must be done (start work, kill the remote job, free or request a worker slot, wake up later). No I/O: the grain
/// persists the decision and runs its commands. Every status change passes the transition table
/// (<see cref="JobTransitions"/>) and carries its side effects (<see cref="TransitionEffects"/>).
/// <para>
/// Failures: a database outage is waited out; another transient failure (one with a <see cref="RecoveryCondition"/>)
/// blocks the job, which waits in its recovery group until the condition's test passes (back through the tenant queue
/// to where it stopped) or the policy gives up (FAILED); a permanent failure fails the job, except a launch, which is
/// tried <see cref="JobOptions.MaxSubmitAttempts"/> times.
/// </para>
/// <para>
/// Quotas: the move to SUBMITTING carries the job limits of the job's system and queue (<see cref="LifecycleDecision.QuotaLimits"/>);
/// the grain writes it only if they admit one more job, counted across the cluster, and otherwise decides
/// <see cref="QuotaRefused"/>, which blocks the job on QUOTA_EXCEEDED until a slot frees (docs/lifecycle.md).
/// </para>
/// </summary>
public sealed partial class JobLifecycle(JobOptions jobOptions, MonitoringOptions monitoring, RecoveryOptions recovery)
{
    private const string ServiceUser = "aloe-jobs";

    public LifecycleDecision Decide(JobRecord job, LifecycleEvent happened, LifecycleContext context)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(happened);
        ArgumentNullException.ThrowIfNull(context);
        if (happened is CancelRequested cancel)
        {
            return Cancel(job, cancel.RequestedBy, context.Now);
        }

        if (happened is PauseRequested or RemoteSuspended or ResumeRequested)
        {
            return PauseOrResume(job, happened, context);
        }

        if (happened is HideRequested or UnhideRequested)
        {
            return HideOrUnhide(job, happened);
        }

        if (JobTransitions.IsTerminal(job.Status))
        {
            return AfterTheEnd(job, happened, context.Now);
        }

        return happened switch
        {
            ProgressRequested => Progress(job, context, wakeUpDue: false),
            RecoveryCleared when job.Status == JobStatus.BLOCKED => Resume(job, context),
            RecoveryCleared => LifecycleDecision.Run(new LeaveRecovery()),
            RecoveryGaveUp gaveUp when job.Status == JobStatus.BLOCKED => GiveUp(job, gaveUp, context.Now),
            RecoveryGaveUp => LifecycleDecision.Nothing,
            DecisionNotCarriedOut notCarriedOut => LifecycleDecision.Run(new WakeUpIn(jobOptions.RetryAfterDatabaseError,
                $"a decision could not be carried out: {notCarriedOut.Failure.Message}")),
            WakeUpDue => Progress(job, context, wakeUpDue: true),
            WorkEnded ended when ended.During != job.Status || job.Status is JobStatus.BLOCKED or JobStatus.PAUSED => LifecycleDecision.Nothing,
            StatusAnswered or StatusUnanswered when job.Status is not (JobStatus.QUEUED or JobStatus.RUNNING) => LifecycleDecision.Nothing,
            PhaseFailed failed => Failure(job, failed.Failure, context.Now),
            WorkDirChosen chosen => Move(job, chosen.HasInputs ? JobStatus.STAGING_INPUTS : JobStatus.STAGED,
                chosen.HasInputs ? $"Work dir is {chosen.WorkPath}; staging inputs." : $"Work dir is {chosen.WorkPath}; the job has no inputs.",
                context.Now, current => current with
                {
                    Spec = current.Spec with { SystemId = chosen.SystemId, Archive = current.Spec.Archive with { Path = chosen.ArchivePath } },
                    WorkPath = chosen.WorkPath,
                }),
            InputsStaged => Move(job, JobStatus.STAGED, "All inputs are in the work dir.", context.Now),
            JobStaged staged => Submit(job, staged.Limits, context.Now),
            QuotaRefused refused when job.Status == JobStatus.STAGING_JOB => WaitForQuota(job, refused.Reason, context.Now),
            Launched launched => Move(job, launched.Queued ? JobStatus.QUEUED : JobStatus.RUNNING,
                launched.Queued
                    ? $"Job submitted to the scheduler of {job.Spec.SystemId} as {launched.RemoteJobId}."
                    : $"Job launched on {job.Spec.SystemId} as {launched.RemoteJobId}.",
                context.Now, current => current with { RemoteJobId = launched.RemoteJobId, SchedulerJobId = launched.SchedulerJobId }),
            StatusAnswered answered => StatusAnswer(job, answered.Status, context.Now),
            StatusUnanswered unanswered => NoStatusAnswer(job, unanswered.Failure, context.Now),
            CleanedUp cleaned => CleanUp(job, cleaned, context.Now),
            Archived archived => Move(job, job.RemoteOutcome == RemoteOutcome.FINISHED ? JobStatus.FINISHED : JobStatus.FAILED,
                $"Archived {archived.Files} output file(s) to {job.Spec.Archive.SystemId}:{job.Spec.Archive.Path}.", context.Now),
            _ => LifecycleDecision.Nothing,
        };
    }

    /// <summary>The outcome a remote job's final status gives: exit code 0 finished, a recorded failure failed, anything else lost.</summary>
    public static RemoteOutcome OutcomeOf(RemoteJobStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status switch
        {
            { State: RemoteJobState.Completed, ExitCode: 0 } => RemoteOutcome.FINISHED,
            { State: RemoteJobState.Completed or RemoteJobState.Failed } => RemoteOutcome.FAILED,
            _ => RemoteOutcome.FAILED_SKIP_ARCHIVE,
        };
    }

    /// <summary>Whether a cancel is accepted in <paramref name="status"/>: not before the job is visible, not after it ended.</summary>
    public static bool CanCancel(JobStatus status) => status != JobStatus.ACCEPTED && !JobTransitions.IsTerminal(status);

    /// <summary>Whether the job may have remote work to kill: it has a work dir and got as far as launching.</summary>
    public static bool MayHaveRemoteWork(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var status = job.Status is JobStatus.BLOCKED or JobStatus.PAUSED ? job.SuspendedFrom : job.Status;
        return job.WorkPath is not null && status is JobStatus.SUBMITTING or JobStatus.QUEUED or JobStatus.RUNNING;
    }

    /// <summary>
    /// Time until the next status check: the first tick (a whole multiple of the step's interval) after the last check
    /// (or the launch), so that the checks of one system's jobs fall together into one scheduler query; a check that fell
    /// due while the service was down is due at once.
    /// </summary>
    public TimeSpan NextCheckDelay(JobRecord job, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        var interval = monitoring.NextDelay(job.Spec.SystemId, job.RemoteStatusChecks + job.FailedStatusChecks);
        var since = job.LastStatusCheck ?? job.RemoteSubmitted ?? job.LastUpdated;
        var due = MonitoringOptions.NextTick(since, interval) - now;
        return due > TimeSpan.Zero ? due : TimeSpan.Zero;
    }

    /// <summary>What the job's state needs next when nothing else happened.</summary>
    private LifecycleDecision Progress(JobRecord job, LifecycleContext context, bool wakeUpDue)
    {
        // The worker slot a cleared job waited for: it resumes at once, whatever wake-up was planned to ask again.
        if (job.Status == JobStatus.BLOCKED && context.RecoveryCleared && context.SlotGranted && !context.WorkInFlight)
        {
            return Resume(job, context);
        }

        // A paused job asked to resume goes back once it has its worker slot; one not asked gives a stray slot back.
        if (job.Status == JobStatus.PAUSED && !context.WorkInFlight && (context.SlotGranted || job.ResumeRequestedBy is not null))
        {
            return WhilePaused(job, context);
        }

        // Work under way ends in its own event; a planned wake-up stands (re-planning it on every resume would postpone
        // a status check forever).
        if (context.WorkInFlight || (context.WakeUpPlanned && !wakeUpDue))
        {
            return LifecycleDecision.Nothing;
        }

        var now = context.Now;
        return job.Status switch
        {
            JobStatus.ACCEPTED => Move(job, JobStatus.PENDING, $"Job is visible and waits for a worker of tenant queue {job.TenantQueue}.", now,
                current => current with { Created = now }) with
            {
                Commands = [new EnsureReminder()],
            },
            JobStatus.PENDING when context.SlotGranted => Move(job, JobStatus.PROCESSING_INPUTS, $"A worker of tenant queue {job.TenantQueue} took the job.", now),
            JobStatus.PENDING => LifecycleDecision.Run(new EnsureReminder(), new RequestSlot()),
            JobStatus.PROCESSING_INPUTS => LifecycleDecision.Run(new StartWork(JobWork.ProcessInputs)),
            JobStatus.STAGING_INPUTS => LifecycleDecision.Run(new StartWork(JobWork.StageInputs)),
            JobStatus.STAGED => Move(job, JobStatus.STAGING_JOB, "Staging the app's assets and the job script.", now),
            JobStatus.STAGING_JOB => LifecycleDecision.Run(new StartWork(JobWork.StageJob)),
            // The attempt is counted (and stored) before the launch, so that a crash during the launch counts too.
            JobStatus.SUBMITTING => new LifecycleDecision
            {
                Next = job with { SubmitRetries = job.SubmitRetries + 1, LastUpdated = now },
                Commands = [new StartWork(JobWork.Launch)],
            },
            JobStatus.QUEUED or JobStatus.RUNNING when wakeUpDue => LifecycleDecision.Run(new StartWork(JobWork.CheckStatus)),
            JobStatus.QUEUED or JobStatus.RUNNING => LifecycleDecision.Run(new WakeUpIn(NextCheckDelay(job, now), "next status check")),
            JobStatus.CLEANING_UP => LifecycleDecision.Run(new StartWork(JobWork.CleanUp)),
            JobStatus.ARCHIVING => LifecycleDecision.Run(new StartWork(JobWork.Archive)),
            JobStatus.BLOCKED when context.RecoveryCleared => Resume(job, context),
            // Made sure of at every look (the reminder's included): a group that lost the job, or a join that failed, heals.
            JobStatus.BLOCKED => LifecycleDecision.Run(new JoinRecovery(job.BlockedCondition ?? RecoveryCondition.SERVICE_CONNECTION_FAILURE, job.LastStatusMessage,
                job.BlockedTarget)),
            // PAUSED waits for a user (above: unless one asked it to resume).
            _ => LifecycleDecision.Nothing,
        };
    }

    /// <summary>
    /// A BLOCKED job whose condition cleared goes back to the status it was blocked in; one that was in active processing
    /// first takes a worker slot of its tenant queue again (asked for until granted), like any job starting work.
    /// </summary>
    private LifecycleDecision Resume(JobRecord job, LifecycleContext context)
    {
        var target = job.SuspendedFrom ?? JobStatus.PENDING;
        if (JobTransitions.IsActiveProcessing(target) && !context.SlotGranted)
        {
            return LifecycleDecision.Run(new RequestSlot(),
                new WakeUpIn(recovery.ResumeSlotRequestInterval, "waiting for a worker slot to resume"));
        }

        var unblocked = Move(job, target, $"unblocked: {job.BlockedCondition?.ToString() ?? "the condition"} cleared; back to {target}.", context.Now);
        // The wake-up planned to ask for the slot again is done with: the job goes on at once, not when it fires.
        JobCommand[] wakeUp = context.WakeUpPlanned ? [new CancelWakeUp()] : [];
        return unblocked with { Commands = [.. unblocked.Commands, .. wakeUp, new LeaveRecovery()] };
    }

    /// <summary>
    /// The job waits on <paramref name="condition"/> in its recovery group: BLOCKED (its worker slot and its work given
    /// up), with history "blocked: condition, reason". The group tests <paramref name="target"/>, what failed, when the
    /// failure named it (it is stored with the job, so the job finds the same group after any restart).
    /// </summary>
    private static LifecycleDecision Block(JobRecord job, RecoveryCondition condition, RecoveryTarget? target, string reason, DateTimeOffset now,
        Func<JobRecord, JobRecord>? change = null)
    {
        var blocked = Move(job, JobStatus.BLOCKED, $"blocked: {condition}, {reason}", now,
            current => (change?.Invoke(current) ?? current) with { BlockedCondition = condition, BlockedTarget = target });
        return blocked with { Commands = [.. blocked.Commands, new JoinRecovery(condition, reason, target)] };
    }

    /// <summary>
    /// STAGING_JOB is done: the job moves to SUBMITTING. When its system or queue limits jobs, the write carries those
    /// limits and is admitted by counting across the cluster, or refused (<see cref="QuotaRefused"/>); a job without
    /// limits is written as any other move, without the count and its lock.
    /// </summary>
    private static LifecycleDecision Submit(JobRecord job, SubmissionLimits? limits, DateTimeOffset now) =>
        Move(job, JobStatus.SUBMITTING, $"Launching the job on {job.Spec.SystemId}.", now) with
        {
            QuotaLimits = limits is { IsUnlimited: false } ? limits : null,
        };

    /// <summary>
    /// The job may not be submitted now (a job limit of its system or queue is reached): it waits BLOCKED on
    /// QUOTA_EXCEEDED in the group of its (system, queue, owner) until a slot frees. Waiting for a slot is not a failure:
    /// it never fails the job for having blocked too often, and it does not add to <c>blockedCount</c>, so the jobs of a
    /// busy queue keep the whole <see cref="RecoveryOptions.MaxBlocksPerJob"/> for real failures. The wait is bounded by
    /// the condition's policy instead.
    /// </summary>
    private static LifecycleDecision WaitForQuota(JobRecord job, string reason, DateTimeOffset now)
    {
        var blocked = Block(job, RecoveryCondition.QUOTA_EXCEEDED, null, reason, now);
        return blocked with { Next = blocked.Next! with { BlockedCount = job.BlockedCount } };
    }

    private bool MayBlock(JobRecord job) =>
        job.BlockedCount < recovery.MaxBlocksPerJob && JobTransitions.IsLegal(job.Status, JobStatus.BLOCKED);

    private static string Describe(TimeSpan elapsed) =>
        elapsed >= TimeSpan.FromHours(1) ? $"{elapsed.TotalHours:0.#} h"
        : elapsed >= TimeSpan.FromMinutes(1) ? $"{elapsed.TotalMinutes:0.#} min"
        : $"{elapsed.TotalSeconds:0.#} s";

    /// <summary>
    /// A phase failed. A database outage is waited out (nothing can be written anyway). Another transient failure blocks
    /// the job (unless it was blocked <see cref="RecoveryOptions.MaxBlocksPerJob"/> times already). A launch is tried again
    /// with a growing pause until <see cref="JobOptions.MaxSubmitAttempts"/> attempts were made. Anything else fails the job.
    /// </summary>
    private LifecycleDecision Failure(JobRecord job, JobFailure failure, DateTimeOffset now)
    {
        if (failure.Condition == RecoveryCondition.DATABASE_NOT_AVAILABLE)
        {
            return LifecycleDecision.Run(new WakeUpIn(jobOptions.RetryAfterDatabaseError, "the database is not available"));
        }

        if (failure.Condition is { } condition && MayBlock(job))
        {
            return Block(job, condition, failure.Target, failure.Message, now);
        }

        if (job.Status == JobStatus.SUBMITTING && job.SubmitRetries < jobOptions.MaxSubmitAttempts)
        {
            return LifecycleDecision.Run(new WakeUpIn(TimeSpan.FromSeconds(Math.Pow(2, job.SubmitRetries)), $"launch attempt {job.SubmitRetries} failed"));
        }

        return Move(job, JobStatus.FAILED, failure.IsTransient && job.BlockedCount >= recovery.MaxBlocksPerJob
            ? $"{failure.Message} (the job was blocked {job.BlockedCount} times already)"
            : failure.Message, now);
    }

    /// <summary>
    /// A status check answered. An ended job goes to clean-up with its outcome fixed in the same write (so clean-up needs
    /// no second query); a job past its time limit is killed and fails; a scheduler that started the job makes it
    /// RUNNING, one that requeued it QUEUED again; otherwise the check is counted and the next one planned.
    /// </summary>
    private LifecycleDecision StatusAnswer(JobRecord job, RemoteJobStatus answer, DateTimeOffset now)
    {
        var counted = job with { RemoteStatusChecks = job.RemoteStatusChecks + 1, LastStatusCheck = now, LastStatusAnswer = now };
        var status = GiveUpOnUnknown(job, answer, now);
        if (status.State is RemoteJobState.Completed or RemoteJobState.Failed or RemoteJobState.Vanished)
        {
            return Move(job, JobStatus.CLEANING_UP, status.Message ?? "The remote job ended.", now,
                _ => counted with { RemoteEnded = now, RemoteOutcome = OutcomeOf(status) });
        }

        if (TimeLimitExceeded(counted, now) is { } reason)
        {
            return OverTime(job, counted, reason, now);
        }

        if (status.State == RemoteJobState.Running && job.Status == JobStatus.QUEUED)
        {
            return Move(job, JobStatus.RUNNING, "The scheduler started the job.", now, _ => counted);
        }

        if (status.State == RemoteJobState.Queued && job.Status == JobStatus.RUNNING)
        {
            // Requeued by the scheduler (a node failed, an admin requeued it): followed; its next start restarts the run time.
            return Move(job, JobStatus.QUEUED, status.Message is null ? "The scheduler requeued the job." : $"The scheduler requeued the job: {status.Message}",
                now, _ => counted);
        }

        return Counted(counted, now);
    }

    /// <summary>
    /// A status check got no answer: it is counted as failed; the time limits still apply. When no check has been
    /// answered for longer than <see cref="RecoveryOptions.StatusCheckFailureLimit"/> (since the last answer, or the
    /// launch), the job is blocked on the failure's condition (the scheduler's, when the failure names none) instead of
    /// being checked on for ever. What failed is the failure's target, else the execution system's scheduler for a failure
    /// that is not an SSH one (the SSH tester tests the execution system by itself).
    /// </summary>
    private LifecycleDecision NoStatusAnswer(JobRecord job, JobFailure failure, DateTimeOffset now)
    {
        var counted = job with { FailedStatusChecks = job.FailedStatusChecks + 1, LastStatusCheck = now };
        if (TimeLimitExceeded(counted, now) is { } reason)
        {
            return OverTime(job, counted, reason, now);
        }

        var failingSince = job.LastStatusAnswer ?? job.RemoteSubmitted ?? job.LastUpdated;
        var condition = failure.Condition is null or RecoveryCondition.DATABASE_NOT_AVAILABLE ? RecoveryCondition.SERVICE_CONNECTION_FAILURE : failure.Condition.Value;
        var target = failure.Target ?? (condition == RecoveryCondition.SERVICE_CONNECTION_FAILURE ? RecoveryTarget.Scheduler(job.Spec.SystemId) : null);
        return now - failingSince > recovery.StatusCheckFailureLimit && MayBlock(job)
            ? Block(job, condition, target, $"no status check was answered for more than {Describe(recovery.StatusCheckFailureLimit)}: {failure.Message}", now, _ => counted)
            : Counted(counted, now);
    }

    private LifecycleDecision Counted(JobRecord counted, DateTimeOffset now) => new()
    {
        Next = counted with { LastUpdated = now },
        Commands = [new WakeUpIn(NextCheckDelay(counted, now), "next status check")],
    };

    private LifecycleDecision OverTime(JobRecord job, JobRecord counted, string reason, DateTimeOffset now) =>
        Move(job, JobStatus.FAILED, reason, now, _ => counted with { RemoteEnded = now, RemoteOutcome = RemoteOutcome.FAILED_SKIP_ARCHIVE }) with
        {
            Commands = [new KillRemoteJob(job.RemoteJobId), .. TerminalCommands],
        };

    /// <summary>
    /// A job the scheduler lists nowhere is given <see cref="MonitoringOptions.UnknownJobGrace"/> from its submission
    /// (accounting lags behind a short job's end); after that it is lost.
    /// </summary>
    private RemoteJobStatus GiveUpOnUnknown(JobRecord job, RemoteJobStatus status, DateTimeOffset now)
    {
        var grace = monitoring.UnknownJobGrace;
        return status.State == RemoteJobState.Unknown && now - (job.RemoteSubmitted ?? job.LastUpdated) > grace
            ? new RemoteJobStatus(RemoteJobState.Vanished, null,
                $"{status.Message} It has been unknown to the scheduler for more than {grace}; the job is taken as lost.")
            : status;
    }

    private string? TimeLimitExceeded(JobRecord job, DateTimeOffset now)
    {
        // Time spent PAUSED is no time waited or run: it extends both limits.
        if (job.Status == JobStatus.QUEUED && job.RemoteSubmitted is { } submitted && now - submitted - job.PausedFor > monitoring.MaxQueuedTime)
        {
            return $"The job waited in the remote queue longer than {monitoring.MaxQueuedTime}; it was cancelled.";
        }

        var limit = Submission.RunTime.ToTimeSpan(job.Spec.Resources.MaxHours) + monitoring.RunTimeGrace;
        return job.Status == JobStatus.RUNNING && job.Spec.Resources.MaxHours > 0 && job.RemoteStarted is { } started && now - started - job.PausedFor > limit
            ? $"The job ran longer than its maxHours ({job.Spec.Resources.MaxHours:0.###} h) plus {monitoring.RunTimeGrace.TotalMinutes:0} min; it was cancelled."
            : null;
    }

    /// <summary>
    /// CLEANING_UP: the outcome monitoring fixed stands (with its message); without one (the job ended before monitoring
    /// saw it) the final status decides. A failure skips archiving when the app says so (<c>archiveOnAppError</c> false).
    /// </summary>
    private static LifecycleDecision CleanUp(JobRecord job, CleanedUp cleaned, DateTimeOffset now)
    {
        var (outcome, message) = job.RemoteOutcome is { } decided
            ? (decided, job.LastStatusMessage)
            : cleaned.FinalStatus is { } final
                ? (OutcomeOf(final), final.Message ?? DefaultMessage(OutcomeOf(final)))
                : (RemoteOutcome.FAILED_SKIP_ARCHIVE, DefaultMessage(RemoteOutcome.FAILED_SKIP_ARCHIVE));
        if (outcome == RemoteOutcome.FAILED && !cleaned.ArchiveOnAppError)
        {
            outcome = RemoteOutcome.FAILED_SKIP_ARCHIVE;
        }

        var next = job.Spec.Archive.Enabled && outcome != RemoteOutcome.FAILED_SKIP_ARCHIVE ? JobStatus.ARCHIVING
            : outcome == RemoteOutcome.FINISHED ? JobStatus.FINISHED : JobStatus.FAILED;
        return Move(job, next, message, now, current => current with { RemoteOutcome = outcome });
    }

    private static string DefaultMessage(RemoteOutcome outcome) => outcome switch
    {
        RemoteOutcome.FINISHED => "The app finished with exit code 0.",
        RemoteOutcome.FAILED => "The app failed.",
        _ => "The app ended without recording an exit code.",
    };

    /// <summary>
    /// Cancel: refused before the job is visible and after it ended; otherwise the remote work is killed first (when the
    /// job got as far as launching) and the job is STOPPED.
    /// </summary>
    private static LifecycleDecision Cancel(JobRecord job, string requestedBy, DateTimeOffset now)
    {
        if (!CanCancel(job.Status))
        {
            return LifecycleDecision.Refuse(
                $"Job {job.Uuid} is {job.Status}: only jobs that are neither ACCEPTED nor finished (FINISHED, STOPPED, FAILED) can be cancelled.");
        }

        var kill = MayHaveRemoteWork(job);
        var stopped = Move(job, JobStatus.STOPPED, $"Job cancelled by {requestedBy}.", now,
            current => kill ? current with { RemoteEnded = now } : current, requestedBy);
        JobCommand[] leave = job.Status == JobStatus.BLOCKED ? [new LeaveRecovery()] : [];
        return stopped with { Commands = [.. kill ? [new KillRemoteJob(job.RemoteJobId)] : Array.Empty<JobCommand>(), .. stopped.Commands, .. leave] };
    }

    /// <summary>
    /// The recovery policy gave up: the job fails naming the condition and the time spent; remote work it launched
    /// (blocked while QUEUED or RUNNING) is killed first, and a kill that cannot reach the host is left pending.
    /// </summary>
    private static LifecycleDecision GiveUp(JobRecord job, RecoveryGaveUp gaveUp, DateTimeOffset now)
    {
        var kill = MayHaveRemoteWork(job);
        var failed = Move(job, JobStatus.FAILED,
            $"{gaveUp.Condition} did not clear within {Describe(gaveUp.Elapsed)} ({gaveUp.Attempts} test(s); last: {gaveUp.LastResult}). " +
            $"The job was blocked in {job.SuspendedFrom}: {job.LastStatusMessage}", now,
            current => kill ? current with { RemoteEnded = now, RemoteOutcome = RemoteOutcome.FAILED_SKIP_ARCHIVE } : current);
        return kill ? failed with { Commands = [new KillRemoteJob(job.RemoteJobId), .. failed.Commands] } : failed;
    }

    /// <summary>
    /// The job ended. A launch that finishes after that (a cancel came during it) started remote work nobody will
    /// watch: it is killed. A request to go on (the reminder's tick) tries again a kill that a cancel left pending,
    /// for <see cref="JobOptions.KillRetryFor"/> after the end, and otherwise only makes sure the reminder is gone.
    /// </summary>
    private LifecycleDecision AfterTheEnd(JobRecord job, LifecycleEvent happened, DateTimeOffset now) => happened switch
    {
        Launched launched => LifecycleDecision.Run(new KillRemoteJob(launched.RemoteJobId)),
        ProgressRequested when job.KillPending && now - (job.Ended ?? job.LastUpdated) <= jobOptions.KillRetryFor => new LifecycleDecision
        {
            Next = job with { KillPending = false, LastUpdated = now },
            HistoryEvent = new JobEventWrite(job.Status.ToString(), $"The remote work on {job.Spec.SystemId} was killed.", ServiceUser),
            Commands = [new KillRemoteJob(job.RemoteJobId, Retry: true), new StopReminder()],
        },
        ProgressRequested when job.KillPending => new LifecycleDecision
        {
            Next = job with { KillPending = false, LastUpdated = now },
            HistoryEvent = new JobEventWrite(job.Status.ToString(),
                $"The remote work on {job.Spec.SystemId} could not be killed within {Describe(jobOptions.KillRetryFor)} of the cancel and may still be running.",
                ServiceUser),
            Commands = [new StopReminder()],
        },
        ProgressRequested => LifecycleDecision.Run(new StopReminder()),
        _ => LifecycleDecision.Nothing,
    };

    private static readonly JobCommand[] TerminalCommands = [new StopWork(), new ReleaseSlot(), new StopReminder()];

    /// <summary>
    /// A status change: legal by the table, with its side effects, the history event "Transitioning from status X to Y
    /// in phase Z. message", and what leaving active processing implies (the worker slot back, the work stopped).
    /// </summary>
    private static LifecycleDecision Move(JobRecord job, JobStatus target, string message, DateTimeOffset now,
        Func<JobRecord, JobRecord>? change = null, string createdBy = ServiceUser)
    {
        if (!JobTransitions.IsLegal(job.Status, target, job.SuspendedFrom))
        {
            throw new InvalidOperationException($"Illegal transition {job.Status} → {target} for job {job.Uuid}.");
        }

        var changed = (change?.Invoke(job) ?? job) with { Status = target, LastStatusMessage = message, LastUpdated = now };
        JobCommand[] commands = JobTransitions.IsTerminal(target) ? TerminalCommands
            : target is JobStatus.BLOCKED or JobStatus.PAUSED ? [new StopWork(), new ReleaseSlot()]
            : [];
        return new LifecycleDecision
        {
            Next = TransitionEffects.Apply(job, changed, now),
            HistoryEvent = new JobEventWrite(target.ToString(),
                $"Transitioning from status {job.Status} to {target} in phase {TransitionEffects.PhaseOf(job.Status)}. {message}", createdBy),
            Commands = commands,
        };
    }
}
