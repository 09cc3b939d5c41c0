using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.GrainInterfaces.Queues;
using AloeOrleans.Grains.Execution.Monitoring;
using AloeOrleans.Grains.Jobs.Phases;
using AloeOrleans.Grains.Persistence;
using AloeOrleans.Grains.Staging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Runtime;

namespace AloeOrleans.Grains.Jobs;

/// <summary>
/// Owns one job and is the only writer of its status. Reads top to bottom like the lifecycle: accept → pending →
/// a worker slot → each phase → monitoring → clean-up → archive → terminal. The phases run as a background task
/// on the activation, so user actions (cancel) interleave at its awaits; <see cref="_writeLock"/> serialises every
/// status write between the pipeline, monitoring and actions. A reminder revives the job after any crash, and all
/// it needs to resume is in its database row.
/// </summary>
[GrainType("job")]
public sealed partial class JobGrain(
    IJobStore store,
    JobPhases phases,
    IOptions<JobOptions> jobOptions,
    IOptions<MonitoringOptions> monitoringOptions,
    TimeProvider timeProvider,
    ILogger<JobGrain> logger) : Grain, IJobGrain, IRemindable
{
    private const string ResumeReminderName = "resume";
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private CancellationTokenSource _work = new();
    private JobRecord? _job;
    private Task _pipeline = Task.CompletedTask;
    private IGrainTimer? _wakeUp;
    private bool _slotGranted;

    // Set when something asks for work while the pipeline runs: it looks again before it stops, so no wake-up is lost.
    private bool _wakeRequested;
    private bool _reminderRegistered;

    private Guid Uuid => this.GetPrimaryKey();

    public async Task<AcceptResult> AcceptAsync(JobSubmission submission)
    {
        if (_job is not null)
        {
            return new AcceptResult(AcceptOutcome.AlreadyAccepted, _job, null);
        }

        var queue = GrainFactory.GetGrain<ITenantQueueGrain>(submission.TenantQueue);
        if (!await queue.TryAdmitAsync(Uuid))
        {
            return new AcceptResult(AcceptOutcome.QueueFull, null,
                $"Tenant queue {submission.TenantQueue} is full: it already holds its maximum number of waiting jobs. Retry later.");
        }

        var now = timeProvider.GetUtcNow();
        var record = NewRecord(submission, now);
        (JobRecord Job, bool Created) stored;
        try
        {
            stored = await store.InsertAcceptedAsync(record,
                new JobEventWrite(nameof(JobStatus.ACCEPTED), $"Job accepted into tenant queue {submission.TenantQueue}.", submission.Owner),
                CancellationToken.None);
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
        EnsureWorking();
        return new AcceptResult(AcceptOutcome.Accepted, _job, null);
    }

    public async Task<ActionResult> CancelAsync(string requestedBy)
    {
        _job ??= await store.GetAsync(Uuid, CancellationToken.None);
        if (_job is null)
        {
            return new ActionResult(ActionOutcome.NotFound, null, $"Job {Uuid} does not exist.");
        }

        if (!CanCancel(_job.Status))
        {
            return NotCancellable(_job);
        }

        // Interrupt transfers in flight at once; the lock then waits only for a write (or a launch) under way.
        await _work.CancelAsync();
        await _writeLock.WaitAsync();
        try
        {
            var current = _job;
            if (!CanCancel(current.Status))
            {
                return NotCancellable(current);
            }

            var killed = false;
            var killFailure = "";
            if (current.WorkPath is not null && current.Status is JobStatus.SUBMITTING or JobStatus.QUEUED or JobStatus.RUNNING)
            {
                try
                {
                    await phases.KillAsync(current, CancellationToken.None);
                    killed = true;
                }
                catch (Exception exception) when (exception is not (OperationCanceledException or System.Data.Common.DbException))
                {
                    // The cancel stands (a host that is down, a system that is gone): the job ends STOPPED and its
                    // history says that its remote work may still run.
                    LogKillFailed(logger, exception, Uuid);
                    killFailure = $" Its remote work on {current.SystemId} could not be killed and may still be running: {exception.Message}";
                }
            }

            await WriteTransitionAsync(JobStatus.STOPPED, $"Job cancelled by {requestedBy}.{killFailure}",
                job => killed ? job with { RemoteEnded = timeProvider.GetUtcNow() } : job, requestedBy);
        }
        finally
        {
            _writeLock.Release();
            _work = new CancellationTokenSource();
        }

        StopWakeUp();
        await StopReminderAsync();
        return new ActionResult(ActionOutcome.Done, _job, $"Job {Uuid} was cancelled.");
    }

    public async Task ResumeAsync()
    {
        // While active this grain is the job's only writer, so what it holds is current; read only when it holds nothing.
        _job ??= await store.GetAsync(Uuid, CancellationToken.None);
        EnsureWorking();
    }

    public async Task SlotGrantedAsync()
    {
        _slotGranted = true;
        _job ??= await store.GetAsync(Uuid, CancellationToken.None);
        EnsureWorking();
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => ResumeAsync();

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        StopWakeUp();
        _work.Cancel();
        return Task.CompletedTask;
    }

    /// <summary>Starts the pipeline unless it is running; QUEUED and RUNNING jobs get their next status check instead.</summary>
    private void EnsureWorking()
    {
        if (_job is null)
        {
            return;
        }

        if (!_pipeline.IsCompleted)
        {
            _wakeRequested = true;
            return;
        }

        if (JobTransitions.IsTerminal(_job.Status))
        {
            _pipeline = StopReminderAsync();
            return;
        }

        _pipeline = RunPipelineAsync();
    }

    private async Task RunPipelineAsync()
    {
        // Let the call that started the pipeline (e.g. AcceptAsync) answer first.
        await Task.Yield();
        while (_job is { } job && !JobTransitions.IsTerminal(job.Status))
        {
            DelayDeactivation(TimeSpan.FromMinutes(10));
            var token = _work.Token;
            _wakeRequested = false;
            try
            {
                if (!await StepAsync(job, token) && !_wakeRequested)
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (JobVersionConflictException)
            {
                _job = await store.GetAsync(Uuid, CancellationToken.None);
            }
            catch (Exception exception) when (IsDatabaseOutage(exception))
            {
                LogDatabaseOutage(logger, exception, Uuid);
                WakeUpIn(jobOptions.Value.RetryAfterDatabaseError);
                return;
            }
            catch (Exception exception)
            {
                LogPhaseFailed(logger, exception, Uuid, job.Status);
                if (!await TryFailAsync(job.Status, exception))
                {
                    return;
                }
            }
        }

        await StopReminderAsync();
    }

    /// <summary>Does the work of the job's current state; false when the job now waits for something outside the pipeline.</summary>
    private async Task<bool> StepAsync(JobRecord job, CancellationToken cancellationToken)
    {
        switch (job.Status)
        {
            case JobStatus.ACCEPTED:
                await EnsureReminderAsync();
                return await TransitionAsync(job.Status, JobStatus.PENDING,
                    $"Job is visible and waits for a worker of tenant queue {job.TenantQueue}.",
                    current => current with { Created = timeProvider.GetUtcNow() });

            case JobStatus.PENDING when _slotGranted:
                return await TransitionAsync(job.Status, JobStatus.PROCESSING_INPUTS, $"A worker of tenant queue {job.TenantQueue} took the job.");

            case JobStatus.PENDING:
                await EnsureReminderAsync();
                await GrainFactory.GetGrain<ITenantQueueGrain>(job.TenantQueue).RequestSlotAsync(Uuid, job.Owner);
                return false;

            case JobStatus.PROCESSING_INPUTS:
                var processed = await phases.ProcessInputsAsync(job, cancellationToken);
                var hasInputs = JobPhases.HasInputs(processed);
                return await TransitionAsync(job.Status, hasInputs ? JobStatus.STAGING_INPUTS : JobStatus.STAGED,
                    hasInputs ? $"Work dir is {processed.WorkPath}; staging inputs." : $"Work dir is {processed.WorkPath}; the job has no inputs.",
                    current => current with { SystemId = processed.SystemId, WorkPath = processed.WorkPath, ArchivePath = processed.ArchivePath });

            case JobStatus.STAGING_INPUTS:
                await phases.StageInputsAsync(job, staged => store.AppendEventAsync(Uuid, new JobEventWrite("STAGING_PROGRESS",
                    $"Staged input {staged.InputId} from {staged.Source} to {staged.FileName} ({staged.Bytes} bytes)."), CancellationToken.None), cancellationToken);
                return await TransitionAsync(job.Status, JobStatus.STAGED, "All inputs are in the work dir.");

            case JobStatus.STAGED:
                return await TransitionAsync(job.Status, JobStatus.STAGING_JOB, "Staging the app's assets and the job script.");

            case JobStatus.STAGING_JOB:
                await phases.StageJobAsync(job, cancellationToken);
                return await TransitionAsync(job.Status, JobStatus.SUBMITTING, $"Launching the job on {job.SystemId}.");

            case JobStatus.SUBMITTING:
                return await SubmitAsync(cancellationToken);

            case JobStatus.QUEUED or JobStatus.RUNNING:
                // A check already scheduled stands: re-arming it on every resume would postpone it forever.
                if (_wakeUp is null)
                {
                    WakeUpIn(NextCheckDelay(job));
                }

                return false;

            case JobStatus.CLEANING_UP:
                var (outcome, message) = await phases.CleanUpAsync(job, cancellationToken);
                var next = job.Archive && outcome != RemoteOutcome.FAILED_SKIP_ARCHIVE ? JobStatus.ARCHIVING
                    : outcome == RemoteOutcome.FINISHED ? JobStatus.FINISHED : JobStatus.FAILED;
                return await TransitionAsync(job.Status, next, message, current => current with { RemoteOutcome = outcome });

            case JobStatus.ARCHIVING:
                var files = await phases.ArchiveAsync(job, cancellationToken);
                return await TransitionAsync(job.Status, job.RemoteOutcome == RemoteOutcome.FINISHED ? JobStatus.FINISHED : JobStatus.FAILED,
                    $"Archived {files} output file(s) to {job.ArchiveSystem}:{job.ArchivePath}.");

            default:
                // BLOCKED and PAUSED wait for recovery or a user action.
                return false;
        }
    }

    /// <summary>
    /// SUBMITTING, under the write lock so a cancel arriving during the launch sees the remote id and kills it.
    /// The attempt is counted before launching, so a crash mid-launch is counted too.
    /// </summary>
    private async Task<bool> SubmitAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (_job is not { Status: JobStatus.SUBMITTING } job)
            {
                return false;
            }

            _job = await store.UpdateAsync(job with { SubmitRetries = job.SubmitRetries + 1, LastUpdated = timeProvider.GetUtcNow() },
                job.Version, null, CancellationToken.None);
            string remoteJobId;
            bool queued;
            try
            {
                // Not cancellable: a cancel must find the remote id of a job that was launched, and launching is bounded.
                (remoteJobId, queued) = await phases.LaunchAsync(_job, CancellationToken.None);
            }
            catch (Exception exception) when (exception is not OperationCanceledException && !IsDatabaseOutage(exception)
                                              && _job.SubmitRetries < jobOptions.Value.MaxSubmitAttempts)
            {
                LogLaunchRetry(logger, exception, Uuid, _job.SubmitRetries);
                WakeUpIn(TimeSpan.FromSeconds(Math.Pow(2, _job.SubmitRetries)));
                return false;
            }

            // FORK jobs run as soon as they are launched; a batch scheduler's jobs start QUEUED.
            await WriteTransitionAsync(queued ? JobStatus.QUEUED : JobStatus.RUNNING,
                queued ? $"Job submitted to the scheduler of {_job.SystemId} as {remoteJobId}." : $"Job launched on {_job.SystemId} as {remoteJobId}.",
                current => current with { RemoteJobId = remoteJobId });
        }
        finally
        {
            _writeLock.Release();
        }

        WakeUpIn(NextCheckDelay(_job));
        return false;
    }

    /// <summary>One status check of a QUEUED or RUNNING job; counts it and moves the job on when it ended or ran too long.</summary>
    private async Task CheckRemoteAsync(CancellationToken cancellationToken)
    {
        if (_job is not { Status: JobStatus.QUEUED or JobStatus.RUNNING } job)
        {
            EnsureWorking();
            return;
        }

        Execution.RemoteJobStatus? status = null;
        try
        {
            // Through the system's monitor: the checks of all its jobs due at this tick become one scheduler query.
            var monitor = GrainFactory.GetGrain<ISystemMonitorGrain>(ISystemMonitorGrain.KeyOf(job.TenantId, job.SystemId));
            status = await monitor.CheckAsync(new JobCheck(Uuid, job.Name, job.WorkPath ?? "", job.RemoteJobId ?? ""));
            status = GiveUpOnUnknown(job, status, timeProvider.GetUtcNow());
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogCheckFailed(logger, exception, Uuid);
        }

        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (_job is not { Status: JobStatus.QUEUED or JobStatus.RUNNING } current)
            {
                return;
            }

            var now = timeProvider.GetUtcNow();
            var counted = status is null
                ? current with { FailedStatusChecks = current.FailedStatusChecks + 1, LastStatusCheck = now }
                : current with { RemoteStatusChecks = current.RemoteStatusChecks + 1, LastStatusCheck = now };
            if (status?.State is Execution.RemoteJobState.Completed or Execution.RemoteJobState.Vanished or Execution.RemoteJobState.Failed)
            {
                // The outcome is fixed here, in the same write, so clean-up needs no second query: a lost job skips
                // archiving; a scheduler-reported failure (a timeout kills the wrapper before it can record an exit code)
                // is FAILED with the scheduler's reason; a completed one is decided by its exit code.
                RemoteOutcome outcome = status switch
                {
                    { State: Execution.RemoteJobState.Vanished } => RemoteOutcome.FAILED_SKIP_ARCHIVE,
                    { State: Execution.RemoteJobState.Completed, ExitCode: 0 } => RemoteOutcome.FINISHED,
                    _ => RemoteOutcome.FAILED,
                };
                await WriteTransitionAsync(JobStatus.CLEANING_UP, status.Message ?? "The remote job ended.",
                    _ => counted with { RemoteEnded = now, RemoteOutcome = outcome });
            }
            else if (TimeLimitExceeded(counted, now) is { } reason)
            {
                await phases.KillAsync(counted, CancellationToken.None);
                await WriteTransitionAsync(JobStatus.FAILED, reason,
                    _ => counted with { RemoteEnded = now, RemoteOutcome = RemoteOutcome.FAILED_SKIP_ARCHIVE });
            }
            else if (status?.State == Execution.RemoteJobState.Running && current.Status == JobStatus.QUEUED)
            {
                await WriteTransitionAsync(JobStatus.RUNNING, "The scheduler started the job.", _ => counted);
            }
            else
            {
                _job = await store.UpdateAsync(counted, current.Version, null, CancellationToken.None);
            }
        }
        finally
        {
            _writeLock.Release();
        }

        EnsureWorking();
    }

    /// <summary>
    /// A job the scheduler lists nowhere is given <see cref="MonitoringOptions.UnknownJobGrace"/> from its submission
    /// (accounting lags behind a short job's end); after that it is lost.
    /// </summary>
    private Execution.RemoteJobStatus GiveUpOnUnknown(JobRecord job, Execution.RemoteJobStatus status, DateTimeOffset now)
    {
        var grace = monitoringOptions.Value.UnknownJobGrace;
        return status.State == Execution.RemoteJobState.Unknown && now - (job.RemoteSubmitted ?? job.LastUpdated) > grace
            ? new Execution.RemoteJobStatus(Execution.RemoteJobState.Vanished, null,
                $"{status.Message} It has been unknown to the scheduler for more than {grace}; the job is taken as lost.")
            : status;
    }

    private string? TimeLimitExceeded(JobRecord job, DateTimeOffset now)
    {
        var options = monitoringOptions.Value;
        if (job.Status == JobStatus.QUEUED && job.RemoteSubmitted is { } submitted && now - submitted > options.MaxQueuedTime)
        {
            return $"The job waited in the remote queue longer than {options.MaxQueuedTime}; it was cancelled.";
        }

        var limit = Submission.RunTime.ToTimeSpan(job.MaxHours) + options.RunTimeGrace;
        return job.Status == JobStatus.RUNNING && job.MaxHours > 0 && job.RemoteStarted is { } started && now - started > limit
            ? $"The job ran longer than its maxHours ({job.MaxHours:0.###} h) plus {options.RunTimeGrace.TotalMinutes:0} min; it was cancelled."
            : null;
    }

    /// <summary>
    /// Time until the next check is due: the first tick (a whole multiple of the policy's interval) after the last
    /// check (or the launch), so that the jobs of one system are checked together, one scheduler query per tick; a
    /// check that fell due while the service was down happens at once after a restart.
    /// </summary>
    private TimeSpan NextCheckDelay(JobRecord job)
    {
        var interval = monitoringOptions.Value.NextDelay(job.SystemId, job.RemoteStatusChecks + job.FailedStatusChecks);
        var since = job.LastStatusCheck ?? job.RemoteSubmitted ?? job.LastUpdated;
        var due = MonitoringOptions.NextTick(since, interval) - timeProvider.GetUtcNow();
        return due > TimeSpan.Zero ? due : TimeSpan.Zero;
    }

    /// <summary>Moves the job from <paramref name="expected"/> to <paramref name="target"/>; false if it is no longer in <paramref name="expected"/>.</summary>
    private async Task<bool> TransitionAsync(JobStatus expected, JobStatus target, string message, Func<JobRecord, JobRecord>? change = null)
    {
        await _writeLock.WaitAsync();
        try
        {
            if (_job?.Status != expected)
            {
                return false;
            }

            await WriteTransitionAsync(target, message, change);
            return true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Writes one transition and its history event in one statement. The caller holds <see cref="_writeLock"/>.</summary>
    private async Task WriteTransitionAsync(JobStatus target, string message, Func<JobRecord, JobRecord>? change, string createdBy = "aloe-jobs")
    {
        var current = _job!;
        if (!JobTransitions.IsLegal(current.Status, target, current.SuspendedFrom))
        {
            LogIllegalTransition(logger, Uuid, current.Status, target);
            throw new InvalidOperationException($"Illegal transition {current.Status} → {target} for job {Uuid}.");
        }

        var now = timeProvider.GetUtcNow();
        var next = TransitionEffects.Apply(current,
            (change?.Invoke(current) ?? current) with { Status = target, LastStatusMessage = message, LastUpdated = now }, now);
        var description = $"Transitioning from status {current.Status} to {target} in phase {TransitionEffects.PhaseOf(current.Status)}. {message}";
        _job = await store.UpdateAsync(next, current.Version, new JobEventWrite(target.ToString(), description, createdBy), CancellationToken.None);
        LogTransition(logger, Uuid, current.Status, target);

        if (JobTransitions.IsTerminal(target) || target is JobStatus.BLOCKED or JobStatus.PAUSED)
        {
            await GrainFactory.GetGrain<ITenantQueueGrain>(current.TenantQueue).ReleaseAsync(Uuid);
        }
    }

    private async Task<bool> TryFailAsync(JobStatus expected, Exception exception)
    {
        try
        {
            return await TransitionAsync(expected, JobStatus.FAILED, exception.Message);
        }
        catch (Exception writeFailure)
        {
            LogDatabaseOutage(logger, writeFailure, Uuid);
            WakeUpIn(jobOptions.Value.RetryAfterDatabaseError);
            return false;
        }
    }

    private void WakeUpIn(TimeSpan delay)
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
            if (_job is { Status: JobStatus.QUEUED or JobStatus.RUNNING })
            {
                await CheckRemoteAsync(cancellationToken);
            }
            else
            {
                EnsureWorking();
            }
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

    private static bool CanCancel(JobStatus status) => status != JobStatus.ACCEPTED && !JobTransitions.IsTerminal(status);

    private ActionResult NotCancellable(JobRecord job) => new(ActionOutcome.NotAllowedInState, job,
        $"Job {Uuid} is {job.Status}: only jobs that are neither ACCEPTED nor finished (FINISHED, STOPPED, FAILED) can be cancelled.");

    private static bool IsDatabaseOutage(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.IsTransient,
        NpgsqlException or TimeoutException => true,
        _ => exception.InnerException is { } inner && IsDatabaseOutage(inner),
    };

    private JobRecord NewRecord(JobSubmission submission, DateTimeOffset now) => new()
    {
        Uuid = Uuid,
        Name = submission.Name,
        TenantId = submission.TenantId,
        TenantQueue = submission.TenantQueue,
        Status = JobStatus.ACCEPTED,
        LastStatusMessage = $"Job accepted into tenant queue {submission.TenantQueue}.",
        Accepted = now,
        LastUpdated = now,
        Owner = submission.Owner,
        Roles = submission.Roles,
        SystemId = submission.SystemId,
        AppId = submission.AppId,
        AppUuid = submission.AppUuid,
        Archive = submission.Archive,
        ArchivePath = submission.ArchivePath,
        ArchiveSystem = submission.ArchiveSystem,
        NodeCount = submission.NodeCount,
        ProcessorsPerNode = submission.ProcessorsPerNode,
        MemoryPerNode = submission.MemoryPerNode,
        MaxHours = submission.MaxHours,
        Inputs = submission.Inputs,
        Parameters = submission.Parameters,
        RemoteQueue = submission.RemoteQueue,
        Notifications = submission.Notifications,
        IdempotencyKey = submission.IdempotencyKey,
        UpdateToken = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20)).ToLowerInvariant(),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobUuid} moved {From} → {To}")]
    private static partial void LogTransition(ILogger logger, Guid jobUuid, JobStatus from, JobStatus to);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobUuid}: illegal transition {From} → {To} refused (a bug)")]
    private static partial void LogIllegalTransition(ILogger logger, Guid jobUuid, JobStatus from, JobStatus to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobUuid}: database unavailable; retrying later")]
    private static partial void LogDatabaseOutage(ILogger logger, Exception exception, Guid jobUuid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobUuid} failed in {Status}")]
    private static partial void LogPhaseFailed(ILogger logger, Exception exception, Guid jobUuid, JobStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobUuid}: launch attempt {Attempt} failed; retrying")]
    private static partial void LogLaunchRetry(ILogger logger, Exception exception, Guid jobUuid, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobUuid}: killing its remote work on cancel failed; it is stopped anyway")]
    private static partial void LogKillFailed(ILogger logger, Exception exception, Guid jobUuid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobUuid}: status check failed")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception, Guid jobUuid);
}
