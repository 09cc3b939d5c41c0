using System.Diagnostics;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.GrainInterfaces.Queues;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Monitoring;
using AloeOrleans.Grains.Jobs.Lifecycle;
using AloeOrleans.Grains.Jobs.Phases;
using AloeOrleans.Grains.Persistence;
using AloeOrleans.Grains.Quotas;
using AloeOrleans.Grains.Recovery;
using AloeOrleans.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace AloeOrleans.Grains.Jobs;

/// <summary>
/// Owns one job and is the only writer of its status. It receives calls (accept, cancel, pause, resume, hide, unhide, a worker slot), its
/// wake-up timer, its reminder and the results of its work; for each it asks <see cref="JobLifecycle"/> what follows,
/// writes that (row and history event in one statement, with the optimistic version) and runs the commands.
/// <para>
/// Shape: the grain is not reentrant, so every decision and every write happens in a turn of its own and they are
/// serialised by Orleans itself, with no lock. Work with I/O (staging, launching, status checks, archiving) never holds
/// a turn: it runs on the thread pool and reports back through <see cref="IJobWorkSink.WorkEndedAsync"/>, an ordinary
/// call that queues behind whatever turn is running. A cancel therefore waits at most for one write (or a kill), never
/// for a transfer; it interrupts the work in flight, and a launch that ends after the cancel is killed when its result
/// arrives. Interleaving ([Reentrant], [AlwaysInterleave]) was not chosen: it would need a lock again around the
/// writes, which is what this shape removes. A reminder revives the job after any crash, and all it needs to go on is
/// in its database row.
/// </para>
/// </summary>
[GrainType("job")]
public sealed partial class JobGrain(
    IJobStore store,
    IQuotaStore quotas,
    JobPhases phases,
    IOptions<JobOptions> jobOptions,
    IOptions<MonitoringOptions> monitoringOptions,
    IOptions<RecoveryOptions> recoveryOptions,
    TimeProvider timeProvider,
    ILogger<JobGrain> logger) : Grain, IJobGrain, IJobWorkSink, IBlockedJobGrain, IRemindable
{
    private const string ResumeReminderName = "resume";

    // Decisions that change the status are followed by a look at what the new status needs; this bounds that chain.
    private const int MaxStepsPerEvent = 16;

    private readonly JobLifecycle _lifecycle = new(jobOptions.Value, monitoringOptions.Value, recoveryOptions.Value);
    private JobRecord? _job;
    private bool _slotGranted;

    // The recovery group said the BLOCKED job's condition cleared; it stays true until the job leaves BLOCKED (and the
    // group says it again at each of its reminder ticks, should this activation be lost).
    private bool _recoveryCleared;
    private (int Run, CancellationTokenSource Cancel)? _work;
    private int _runs;
    private IGrainTimer? _wakeUp;
    private bool _reminderRegistered;

    /// <summary>Set while a decision is carried out: its kill failed transiently and is left pending.</summary>
    private bool _killLeftPending;

    /// <summary>
    /// The submission's trace, kept while this activation lives, so the job's work (staging, launch, checks, archive)
    /// joins the trace of the request that submitted it (docs/operations.md, "Traces").
    /// </summary>
    private ActivityContext _trace;

    private Guid Uuid => this.GetPrimaryKey();

    public async Task<AcceptResult> AcceptAsync(JobSubmission submission)
    {
        if (_job is not null)
        {
            return new AcceptResult(AcceptOutcome.AlreadyAccepted, _job, null);
        }

        var queue = GrainFactory.GetGrain<ITenantQueueGrain>(submission.TenantQueue);
        switch (await queue.TryAdmitAsync(Uuid))
        {
            case QueueAdmission.Full:
                return new AcceptResult(AcceptOutcome.QueueFull, null,
                    $"Tenant queue {submission.TenantQueue} is full: it already holds its maximum number of waiting jobs. Retry later.");
            case QueueAdmission.Removed:
                return new AcceptResult(AcceptOutcome.QueueRemoved, null,
                    $"Tenant queue {submission.TenantQueue} was removed while the job was routed to it; nothing was stored. Retry.");
        }

        var now = timeProvider.GetUtcNow();
        (JobRecord Job, bool Created) stored;
        try
        {
            var accepted = new JobEventWrite(nameof(JobStatus.ACCEPTED), $"Job accepted into tenant queue {submission.TenantQueue}.", submission.Owner);
            stored = submission.ResubmittedFrom is { } origin
                ? await store.InsertResubmissionAsync(NewRecord(submission, now), accepted, ResubmissionEvents(origin), CancellationToken.None)
                : await store.InsertAcceptedAsync(NewRecord(submission, now), accepted, CancellationToken.None);
        }
        catch
        {
            await queue.AbandonAsync(Uuid);
            throw;
        }

        if (!stored.Created)
        {
            // A replayed idempotency key: the earlier job answers, this grain stays empty.
            await queue.AbandonAsync(Uuid);
            return new AcceptResult(AcceptOutcome.AlreadyAccepted, stored.Job, null);
        }

        _job = stored.Job;
        _trace = Activity.Current?.Context ?? default;
        AloeMetrics.Accepted(_job.TenantId);
        // The caller gets its answer first; the job goes on in a turn of its own right after this one.
        PlanWakeUp(TimeSpan.Zero);
        return new AcceptResult(AcceptOutcome.Accepted, _job, null);
    }

    public Task<ActionResult> CancelAsync(string requestedBy) => RequestAsync(new CancelRequested(requestedBy), "cancelled");

    public Task<ActionResult> HideAsync(string requestedBy) => RequestAsync(new HideRequested(requestedBy), "hidden");

    public Task<ActionResult> UnhideAsync(string requestedBy) => RequestAsync(new UnhideRequested(requestedBy), "unhidden");

    public async Task<ActionResult> AddHistoryNoteAsync(JobHistoryNote note)
    {
        ArgumentNullException.ThrowIfNull(note);
        if (!JobHistoryKinds.IsKnown(note.Kind))
        {
            throw new ArgumentException($"'{note.Kind}' is not a history event kind; use one of {string.Join(", ", JobHistoryKinds.Names)}.", nameof(note));
        }

        _job ??= await store.GetAsync(Uuid, CancellationToken.None);
        if (_job is null)
        {
            return new ActionResult(ActionOutcome.NotFound, null, $"Job {Uuid} does not exist.");
        }

        // A turn of this grain: the event lands after every write the grain made before it, never between a write and its event.
        await store.AppendEventAsync(Uuid, new JobEventWrite(note.Kind, note.Description, note.CreatedBy), CancellationToken.None);
        return new ActionResult(ActionOutcome.Done, _job, note.Description);
    }

    /// <summary>
    /// A user's request that is decided and written in this turn (cancel, hide, unhide): refused with the decision's reason,
    /// or carried out, asked again on a version conflict (another writer came first; the grain reads the job again).
    /// </summary>
    private async Task<ActionResult> RequestAsync(LifecycleEvent request, string done)
    {
        _job ??= await store.GetAsync(Uuid, CancellationToken.None);
        for (var attempt = 0; _job is not null; attempt++)
        {
            var decision = _lifecycle.Decide(_job, request, Context());
            if (decision.Refusal is { } refusal)
            {
                return new ActionResult(ActionOutcome.NotAllowedInState, _job, refusal);
            }

            try
            {
                await ExecuteAsync(decision);
                return new ActionResult(ActionOutcome.Done, _job, $"Job {Uuid} was {done}.");
            }
            catch (JobVersionConflictException) when (attempt < 2)
            {
                _job = await store.GetAsync(Uuid, CancellationToken.None);
            }
        }

        return new ActionResult(ActionOutcome.NotFound, null, $"Job {Uuid} does not exist.");
    }

    public Task<ActionResult> PauseAsync(string requestedBy) => PauseOrResumeAsync(new PauseRequested(requestedBy), requestedBy, "paused");

    public Task<ActionResult> ResumePausedAsync(string requestedBy) => PauseOrResumeAsync(new ResumeRequested(requestedBy), requestedBy, "resumed");

    /// <summary>
    /// A user's pause or resume: decided, written, then followed like any event (a resume may go back at once). Pausing
    /// a QUEUED or RUNNING job suspends its remote job in this turn, as a cancel kills it, because whether that worked
    /// decides the answer; a system that fails to answer leaves the job as it was (503 when that may pass, else 409).
    /// </summary>
    private async Task<ActionResult> PauseOrResumeAsync(LifecycleEvent request, string requestedBy, string done)
    {
        _job ??= await store.GetAsync(Uuid, CancellationToken.None);

        // The remote job this call suspended while the job is not (yet) written PAUSED: continued again should the
        // pause end otherwise, so that a job the service watches as QUEUED or RUNNING is never left stopped.
        JobRecord? suspendedFor = null;
        for (var attempt = 0; _job is not null; attempt++)
        {
            var decision = _lifecycle.Decide(_job, request, Context());
            if (decision.Commands.OfType<SuspendRemoteJob>().Any())
            {
                SuspensionResult suspended;
                try
                {
                    suspended = await phases.SuspendAsync(_job, CancellationToken.None);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogSuspendFailed(logger, exception, Uuid, _job.Status);
                    return NotDone(_job, JobFailureClassifier.Classify(exception), "paused");
                }

                suspendedFor = suspended.Outcome == SuspensionOutcome.Done ? _job : suspendedFor;
                decision = _lifecycle.Decide(_job, new RemoteSuspended(requestedBy, suspended), Context());
            }

            if (decision.Refusal is { } refusal)
            {
                await UndoSuspensionAsync(suspendedFor);
                return new ActionResult(ActionOutcome.NotAllowedInState, _job, refusal);
            }

            try
            {
                await ExecuteAsync(decision);
            }
            catch (JobVersionConflictException) when (attempt < 2)
            {
                _job = await store.GetAsync(Uuid, CancellationToken.None);
                continue;
            }
            catch
            {
                if (_job.Status != JobStatus.PAUSED)
                {
                    await UndoSuspensionAsync(suspendedFor);
                }

                throw;
            }

            if (decision.Next is not null)
            {
                await DriveAsync(new ProgressRequested());
            }

            return new ActionResult(ActionOutcome.Done, _job, $"Job {Uuid} was {done}.");
        }

        return new ActionResult(ActionOutcome.NotFound, null, $"Job {Uuid} does not exist.");
    }

    /// <summary>Continues a remote job a pause suspended but could not record; a failure is logged (the pause's answer says what went wrong).</summary>
    private async Task UndoSuspensionAsync(JobRecord? suspendedFor)
    {
        if (suspendedFor is null)
        {
            return;
        }

        try
        {
            await phases.ContinueAsync(suspendedFor, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogUndoSuspensionFailed(logger, exception, Uuid);
        }
    }

    private static ActionResult NotDone(JobRecord job, JobFailure failure, string action) => failure.IsTransient
        ? new ActionResult(ActionOutcome.Unavailable, job,
            $"Job {job.Uuid} could not be {action}: system {job.Spec.SystemId} did not answer ({failure.Message}). Nothing changed; try again later.")
        : new ActionResult(ActionOutcome.NotAllowedInState, job, $"Job {job.Uuid} could not be {action}: {failure.Message}");

    public async Task ResumeAsync()
    {
        // While active this grain is the job's only writer, so what it holds is current; read only when it holds nothing.
        _job ??= await store.GetAsync(Uuid, CancellationToken.None);
        await DriveAsync(new ProgressRequested());
    }

    public async Task SlotGrantedAsync()
    {
        _slotGranted = true;
        _job ??= await store.GetAsync(Uuid, CancellationToken.None);
        await DriveAsync(new ProgressRequested());
    }

    public async Task WorkEndedAsync(int run, WorkEnded outcome)
    {
        if (_work?.Run == run)
        {
            _work.Value.Cancel.Dispose();
            _work = null;
        }

        // A result may reach a new activation (the one that started the work was collected): the decision checks
        // that the job is still in the status the work was for.
        _job ??= await store.GetAsync(Uuid, CancellationToken.None);
        await DriveAsync(outcome);
    }

    public async Task RecoveryClearedAsync()
    {
        _job ??= await store.GetAsync(Uuid, CancellationToken.None);
        _recoveryCleared = _job?.Status == JobStatus.BLOCKED;
        await DriveAsync(new RecoveryCleared());
    }

    public async Task RecoveryGaveUpAsync(RecoveryCondition condition, TimeSpan elapsed, int attempts, string lastResult)
    {
        _job ??= await store.GetAsync(Uuid, CancellationToken.None);
        await DriveAsync(new RecoveryGaveUp(condition, elapsed, attempts, lastResult));
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        // The reminder that ticked is registered: a new activation need not write it again at each tick.
        _reminderRegistered |= reminderName == ResumeReminderName;
        return ResumeAsync();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        StopWakeUp();
        InterruptWork();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Decides <paramref name="happened"/> and carries the decision out; after a status change, asks what the new status
    /// needs (a transition without work, such as STAGED → STAGING_JOB, follows at once). A failure to carry a decision out
    /// (the database, the reminder service, a queue, a kill) is itself decided: the job tries again later.
    /// </summary>
    private async Task DriveAsync(LifecycleEvent happened)
    {
        var next = happened;
        for (var step = 0; step < MaxStepsPerEvent && _job is not null; step++)
        {
            LifecycleDecision decision;
            try
            {
                decision = _lifecycle.Decide(_job, next, Context());
            }
            catch (InvalidOperationException bug)
            {
                // The decision asked for a move the table forbids: a bug, and the job would loop on it; it fails instead.
                LogIllegalDecision(logger, bug, Uuid, _job.Status, next.GetType().Name);
                next = new PhaseFailed(_job.Status, JobFailure.Permanent(bug.Message));
                continue;
            }

            LifecycleEvent? answer;
            try
            {
                answer = await ExecuteAsync(decision);
            }
            catch (JobVersionConflictException)
            {
                _job = await store.GetAsync(Uuid, CancellationToken.None);
                next = new ProgressRequested();
                continue;
            }
            catch (Exception exception)
            {
                LogDecisionNotCarriedOut(logger, exception, Uuid, _job.Status);
                next = new DecisionNotCarriedOut(JobFailureClassifier.Classify(exception));
                continue;
            }

            if (answer is not null)
            {
                // The write was refused (a job limit): nothing was written, and the refusal is decided in turn.
                next = answer;
                continue;
            }

            if (!decision.ChangesStatus)
            {
                return;
            }

            next = new ProgressRequested();
        }
    }

    /// <summary>
    /// The commands that must come first, the write, then the other commands. A write that carries job limits is an
    /// admission: refused, nothing is written, no further command runs, and the refusal is returned as the event to decide
    /// next (otherwise null).
    /// </summary>
    private async Task<LifecycleEvent?> ExecuteAsync(LifecycleDecision decision)
    {
        var notes = new List<string>();
        _killLeftPending = false;
        foreach (var command in decision.Commands.Where(command => command.RunsBeforeWrite))
        {
            if (await RunBeforeWriteAsync(command) is { } note)
            {
                notes.Add(note);
            }
        }

        if (decision.Next is { } next)
        {
            var before = _job!;
            var historyEvent = decision.HistoryEvent;
            if (notes.Count > 0)
            {
                // What a command could not do is said where the user looks: the job's message and its history.
                var said = " " + string.Join(" ", notes);
                next = next with { LastStatusMessage = next.LastStatusMessage + said, KillPending = next.KillPending || _killLeftPending };
                historyEvent = historyEvent is null ? null : historyEvent with { Description = historyEvent.Description + said };
            }

            if (decision.QuotaLimits is { } limits)
            {
                var admission = await quotas.AdmitAsync(next, before.Version, historyEvent, limits, CancellationToken.None);
                if (admission.Stored is not { } admitted)
                {
                    LogQuotaRefused(logger, Uuid, admission.Verdict.Message);
                    return new QuotaRefused(admission.Verdict.Message);
                }

                _job = admitted;
            }
            else
            {
                _job = await store.UpdateAsync(next, before.Version, historyEvent, CancellationToken.None);
            }

            if (decision.ChangesStatus && before.Status != _job.Status)
            {
                LogTransition(logger, Uuid, before.Status, _job.Status);
                AloeMetrics.Transitioned(_job.TenantId, before.Status.ToString(), _job.Status.ToString(), before.LastUpdated, timeProvider.GetUtcNow());
                _recoveryCleared &= _job.Status == JobStatus.BLOCKED;
            }
        }

        foreach (var command in decision.Commands.Where(command => !command.RunsBeforeWrite))
        {
            await RunAsync(command);
        }

        return null;
    }

    /// <summary>
    /// Runs a command that comes before the write; returns what the write must add to the job's message, or null. A
    /// kill that fails (a host that is down, a system that is gone) does not stop a cancel: the job ends STOPPED and
    /// says its remote work may still run; when the failure is transient (the host or scheduler unreachable) the kill
    /// is left pending and tried again at the reminder's ticks (docs/lifecycle.md, "Cancel"). A database outage is not
    /// such a failure: the decision is tried again. A pending kill that fails again fails its whole decision.
    /// </summary>
    private async Task<string?> RunBeforeWriteAsync(JobCommand command)
    {
        if (command is ContinueRemoteJob)
        {
            // Whatever it found (continued, or ended while paused: the next status check sees how) is said in the write.
            return (await phases.ContinueAsync(_job!, CancellationToken.None)).Message;
        }

        if (command is not KillRemoteJob { Retry: false })
        {
            await RunAsync(command);
            return null;
        }

        try
        {
            await RunAsync(command);
            return null;
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or DatabaseUnavailableException))
        {
            LogKillFailed(logger, exception, Uuid);
            if (JobFailureClassifier.Classify(exception).IsTransient)
            {
                _killLeftPending = true;
                return $"Its remote work on {_job!.Spec.SystemId} could not be killed yet ({exception.Message}); the kill is tried again " +
                       "each minute, and the job's history says when it succeeded.";
            }

            return $"Its remote work on {_job!.Spec.SystemId} could not be killed and may still be running: {exception.Message}";
        }
    }

    private async Task RunAsync(JobCommand command)
    {
        var job = _job!;
        switch (command)
        {
            case KillRemoteJob kill:
                await phases.KillAsync(job with { RemoteJobId = kill.RemoteJobId ?? job.RemoteJobId }, CancellationToken.None);
                break;
            case EnsureReminder:
                await EnsureReminderAsync();
                break;
            case StopReminder when job.KillPending:
                // The reminder's ticks try the pending kill again (docs/lifecycle.md, "Cancel").
                await EnsureReminderAsync();
                break;
            case StopReminder:
                await StopReminderAsync();
                break;
            case RequestSlot:
                await GrainFactory.GetGrain<ITenantQueueGrain>(job.TenantQueue).RequestSlotAsync(Uuid, job.Owner);
                break;
            case ReleaseSlot:
                // A slot given back is gone: a BLOCKED job that resumes asks its queue again.
                _slotGranted = false;
                await GrainFactory.GetGrain<ITenantQueueGrain>(job.TenantQueue).ReleaseAsync(Uuid);
                break;
            case JoinRecovery join:
                var test = RecoveryTest.For(job, join.Condition, join.Target);
                await GrainFactory.GetGrain<IRecoveryGroupGrain>(test.GroupKey).JoinAsync(new RecoveryTicket(Uuid, job.TenantId, join.Condition,
                    test.Tester, test.Parameters, job.SuspendedFrom ?? job.Status, join.Reason, timeProvider.GetUtcNow()));
                break;
            case LeaveRecovery when job.BlockedCondition is { } condition:
                await GrainFactory.GetGrain<IRecoveryGroupGrain>(RecoveryTest.For(job, condition, job.BlockedTarget).GroupKey).LeaveAsync(Uuid);
                break;
            case LeaveRecovery:
                break;
            case StartWork start:
                StartWork(start.Work, job);
                break;
            case WakeUpIn wake:
                LogWakeUpPlanned(logger, Uuid, wake.Delay, wake.Reason);
                PlanWakeUp(wake.Delay);
                break;
            case StopWork:
                InterruptWork();
                StopWakeUp();
                break;
            case CancelWakeUp:
                StopWakeUp();
                break;
            case SuspendRemoteJob or ContinueRemoteJob:
                throw new InvalidOperationException($"{command} is carried out by the pause or the resume, which decide on its result.");
            default:
                throw new InvalidOperationException($"No handler for command {command}.");
        }
    }

    private LifecycleContext Context() => new(timeProvider.GetUtcNow(), _slotGranted, _work is not null, _wakeUp is not null, _recoveryCleared);

    /// <summary>
    /// Runs <paramref name="work"/> for <paramref name="job"/> on the thread pool; its result (or its classified failure)
    /// comes back as a call. A launch is not interruptible: a launch cut off half-way could leave a remote job nobody
    /// knows of, while one that completes after a cancel is killed when its result arrives.
    /// </summary>
    private void StartWork(JobWork work, JobRecord job)
    {
        var run = ++_runs;
        var cancel = new CancellationTokenSource();
        _work = (run, cancel);
        DelayDeactivation(TimeSpan.FromMinutes(10));
        var token = work == JobWork.Launch ? CancellationToken.None : cancel.Token;
        var self = this.AsReference<IJobWorkSink>();
        var monitor = GrainFactory.GetGrain<ISystemMonitorGrain>(ISystemMonitorGrain.KeyOf(job.TenantId, job.Spec.SystemId));
        var trace = _trace;
        _ = Task.Run(async () =>
        {
            WorkEnded outcome;
            using var span = AloeTelemetry.Source.StartActivity($"job {work}", ActivityKind.Internal, trace);
            span?.SetTag("aloe.job.uuid", job.Uuid.ToString());
            span?.SetTag("aloe.tenant", job.TenantId);
            span?.SetTag("aloe.job.status", job.Status.ToString());
            try
            {
                outcome = await DoAsync(work, job, monitor, token);
            }
            catch (Exception) when (token.IsCancellationRequested)
            {
                // Interrupted work (a cancel, a pause, a deactivation): whatever it failed with came from the interruption,
                // and whoever interrupted it has decided already; the reminder revives a deactivated job and redoes it.
                return;
            }
            catch (Exception exception)
            {
                var failure = JobFailureClassifier.Classify(exception);
                LogWorkFailed(logger, exception, job.Uuid, job.Status, failure.Condition?.ToString() ?? "permanent");
                outcome = work == JobWork.CheckStatus ? new StatusUnanswered(job.Status, failure) : new PhaseFailed(job.Status, failure);
            }

            try
            {
                await self.WorkEndedAsync(run, outcome);
            }
            catch (Exception exception)
            {
                // The activation is gone (a shutdown): the reminder revives the job and the work is done again.
                LogResultLost(logger, exception, job.Uuid, work);
            }
        }, CancellationToken.None);
    }

    private async Task<WorkEnded> DoAsync(JobWork work, JobRecord job, ISystemMonitorGrain monitor, CancellationToken cancellationToken)
    {
        switch (work)
        {
            case JobWork.ProcessInputs:
                var processed = await phases.ProcessInputsAsync(job, cancellationToken);
                return new WorkDirChosen(processed.Spec.SystemId, processed.WorkPath!, processed.Spec.Archive.Path, JobPhases.HasInputs(processed));
            case JobWork.StageInputs:
                await phases.StageInputsAsync(job, staged => store.AppendEventAsync(job.Uuid, new JobEventWrite(JobHistoryKinds.StagingProgress,
                    $"Staged input {staged.InputId} from {staged.Source} to {staged.FileName} ({staged.Bytes} bytes)."), CancellationToken.None), cancellationToken);
                return new InputsStaged();
            case JobWork.StageJob:
                return new JobStaged(await phases.StageJobAsync(job, cancellationToken));
            case JobWork.Launch:
                return await phases.LaunchAsync(job, cancellationToken);
            case JobWork.CheckStatus:
                // Through the system's monitor: the checks of all its jobs due at this tick become one scheduler query.
                return new StatusAnswered(job.Status, await monitor.CheckAsync(new JobCheck(job.Uuid, job.Spec.Name, job.WorkPath ?? "", job.RemoteJobId ?? "")));
            case JobWork.CleanUp:
                return await phases.CleanUpAsync(job, cancellationToken);
            case JobWork.Archive:
                return new Archived(await phases.ArchiveAsync(job, cancellationToken));
            default:
                throw new ArgumentOutOfRangeException(nameof(work), work, "Unknown work.");
        }
    }

    private void InterruptWork()
    {
        if (_work is { } work)
        {
            work.Cancel.Cancel();
            work.Cancel.Dispose();
            _work = null;
        }
    }

    private void PlanWakeUp(TimeSpan delay)
    {
        StopWakeUp();
        _wakeUp = this.RegisterGrainTimer(OnWakeUpAsync, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { KeepAlive = false });
    }

    private async Task OnWakeUpAsync(CancellationToken cancellationToken)
    {
        // Disposing a timer cancels the token of its running callback: let this one-shot timer go only afterwards.
        var firing = _wakeUp;
        _wakeUp = null;
        try
        {
            await DriveAsync(new WakeUpDue());
        }
        finally
        {
            firing?.Dispose();
        }
    }

    private void StopWakeUp()
    {
        _wakeUp?.Dispose();
        _wakeUp = null;
    }

    private async Task EnsureReminderAsync()
    {
        if (!_reminderRegistered)
        {
            var period = jobOptions.Value.ResumeReminderPeriod;
            await this.RegisterOrUpdateReminder(ResumeReminderName, period, period);
            _reminderRegistered = true;
        }
    }

    private async Task StopReminderAsync()
    {
        var reminder = await this.GetReminder(ResumeReminderName);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }

        _reminderRegistered = false;
    }

    /// <summary>The history events of a resubmission: "resubmitted from" on this job, "resubmitted as" on the job it came from.</summary>
    private JobResubmissionEvents ResubmissionEvents(JobResubmissionOrigin origin) => new(
        origin.JobUuid,
        new JobEventWrite(JobHistoryKinds.ResubmittedFrom, $"Job resubmitted from {origin.JobUuid} by {origin.RequestedBy}.", origin.RequestedBy),
        new JobEventWrite(JobHistoryKinds.ResubmittedAs, $"Job resubmitted as {Uuid} by {origin.RequestedBy}.", origin.RequestedBy));

    private JobRecord NewRecord(JobSubmission submission, DateTimeOffset now) => new()
    {
        Uuid = Uuid,
        Spec = submission.Spec,
        TenantId = submission.TenantId,
        TenantQueue = submission.TenantQueue,
        Status = JobStatus.ACCEPTED,
        LastStatusMessage = $"Job accepted into tenant queue {submission.TenantQueue}.",
        Accepted = now,
        LastUpdated = now,
        Owner = submission.Owner,
        Roles = submission.Roles,
        IdempotencyKey = submission.IdempotencyKey,
        UpdateToken = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20)).ToLowerInvariant(),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobUuid} moved {From} → {To}")]
    private static partial void LogTransition(ILogger logger, Guid jobUuid, JobStatus from, JobStatus to);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobUuid}: the decision on {Event} in {Status} broke the transition table (a bug); the job fails")]
    private static partial void LogIllegalDecision(ILogger logger, Exception exception, Guid jobUuid, JobStatus status, string @event);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobUuid}: a decision in {Status} could not be carried out; trying again later")]
    private static partial void LogDecisionNotCarriedOut(ILogger logger, Exception exception, Guid jobUuid, JobStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobUuid}: work in {Status} failed ({Condition})")]
    private static partial void LogWorkFailed(ILogger logger, Exception exception, Guid jobUuid, JobStatus status, string condition);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {JobUuid}: waking up in {Delay} ({Reason})")]
    private static partial void LogWakeUpPlanned(ILogger logger, Guid jobUuid, TimeSpan delay, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobUuid}: the result of {Work} could not be delivered; the reminder will resume the job")]
    private static partial void LogResultLost(ILogger logger, Exception exception, Guid jobUuid, JobWork work);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobUuid} may not be submitted now: {Reason}")]
    private static partial void LogQuotaRefused(ILogger logger, Guid jobUuid, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobUuid}: suspending its remote job in {Status} for a pause failed; the job goes on")]
    private static partial void LogSuspendFailed(ILogger logger, Exception exception, Guid jobUuid, JobStatus status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobUuid}: its remote job was suspended for a pause that could not be recorded, and continuing it failed")]
    private static partial void LogUndoSuspensionFailed(ILogger logger, Exception exception, Guid jobUuid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobUuid}: killing its remote work failed; the job is stopped anyway")]
    private static partial void LogKillFailed(ILogger logger, Exception exception, Guid jobUuid);
}
