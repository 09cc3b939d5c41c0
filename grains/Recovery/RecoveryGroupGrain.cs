using AloeOrleans.Grains.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace AloeOrleans.Grains.Recovery;

/// <summary>
/// One recovery group. Everything it knows is in the database; a reminder (each minute, Orleans' minimum) revives it
/// after any crash, and a grain timer brings the policy's shorter waits. At each due test it runs the group's test
/// once for all its jobs: when the condition cleared it tells its jobs so, in batches of
/// <see cref="RecoveryOptions.ResumeBatchSize"/> (each then goes back through its tenant queue), or only as many as the
/// test admits, oldest first (<see cref="RecoveryRelease"/>: a quota's room), testing again for the others after the
/// policy's first wait; when the policy gives up it fails them. Jobs told but not yet resumed are told again at each
/// reminder tick, so no job is left BLOCKED by a lost message. Not reentrant: its turns are short, and a join waits at
/// most for one test.
/// </summary>
[GrainType("recovery-group")]
public sealed partial class RecoveryGroupGrain(
    IRecoveryStore store,
    RecoveryTesters testers,
    IOptions<RecoveryOptions> options,
    TimeProvider timeProvider,
    ILogger<RecoveryGroupGrain> logger) : Grain, IRecoveryGroupGrain, IRemindable
{
    private const string ReminderName = "recovery";
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);
    private IGrainTimer? _timer;
    private bool _reminderRegistered;

    private string Key => this.GetPrimaryKeyString();

    public async Task JoinAsync(RecoveryTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var policy = options.Value.PolicyFor(ticket.Condition);
        // A BLOCKED job joins again at every look: the join reads only the next test's time, never the whole group.
        var nextAttempt = await store.JoinAsync(Key, ticket, Describe(policy), ticket.BlockedAt + policy.DelayBefore(0), CancellationToken.None);
        if (!_reminderRegistered)
        {
            await this.RegisterOrUpdateReminder(ReminderName, ReminderPeriod, ReminderPeriod);
            _reminderRegistered = true;
        }

        LogJoined(logger, ticket.JobUuid, Key, ticket.Condition.ToString());
        PlanTest(nextAttempt);
    }

    public Task LeaveAsync(Guid jobUuid) => store.RemoveAsync(Key, [jobUuid], CancellationToken.None);

    public Task ReceiveReminder(string reminderName, TickStatus status) => TickAsync(tellReleasedAgain: true);

    private async Task TickAsync(bool tellReleasedAgain)
    {
        var group = await store.GetAsync(Key, CancellationToken.None);
        if (group is null || group.Jobs.Count == 0)
        {
            if (await store.DeleteIfEmptyAsync(Key, CancellationToken.None))
            {
                await StopAsync();
            }

            return;
        }

        if (tellReleasedAgain)
        {
            await TellClearedAsync(group.Jobs.Where(job => job.ReleasedAt is not null).Select(job => job.JobUuid).ToList());
        }

        var waiting = group.Jobs.Where(job => job.ReleasedAt is null).Select(job => job.JobUuid).ToList();
        var now = timeProvider.GetUtcNow();
        if (waiting.Count == 0 || now < group.NextAttempt)
        {
            PlanTest(group.NextAttempt);
            return;
        }

        var result = await testers.TestAsync(group, CancellationToken.None);
        var attempts = group.Attempts + 1;
        LogTest(logger, Key, group.Condition.ToString(), waiting.Count, attempts, result.Cleared, result.Note);
        var policy = options.Value.PolicyFor(group.Condition);
        if (result.Cleared)
        {
            // The policy starts again for jobs that block here later, and for those the test had no room for yet.
            var release = RecoveryRelease.Choose(group.Jobs, result.ReleaseAtMost);
            var nextTest = now + policy.DelayBefore(0);
            await store.RecordAttemptAsync(Key, 0, now, nextTest, result.Note, restart: true, CancellationToken.None);
            if (release.Count < waiting.Count)
            {
                LogPartialRelease(logger, Key, release.Count, waiting.Count);
                PlanTest(nextTest);
            }

            foreach (var batch in release.Chunk(options.Value.ResumeBatchSize))
            {
                await store.MarkReleasedAsync(Key, batch, timeProvider.GetUtcNow(), CancellationToken.None);
                await TellClearedAsync(batch);
            }

            return;
        }

        if (policy.NextAttempt(attempts, group.FirstBlocked, now) is { } next)
        {
            await store.RecordAttemptAsync(Key, attempts, now, next, result.Note, restart: false, CancellationToken.None);
            PlanTest(next);
            return;
        }

        var elapsed = now - group.FirstBlocked;
        LogGaveUp(logger, Key, group.Condition.ToString(), waiting.Count, attempts, elapsed);
        await store.RecordAttemptAsync(Key, attempts, now, now + ReminderPeriod, result.Note, restart: false, CancellationToken.None);
        foreach (var batch in waiting.Chunk(options.Value.ResumeBatchSize))
        {
            await Task.WhenAll(batch.Select(job => GrainFactory.GetGrain<IBlockedJobGrain>(job)
                .RecoveryGaveUpAsync(group.Condition, elapsed, attempts, result.Note)));
            await store.RemoveAsync(Key, batch, CancellationToken.None);
        }
    }

    private async Task TellClearedAsync(IReadOnlyList<Guid> jobs)
    {
        try
        {
            await Task.WhenAll(jobs.Select(job => GrainFactory.GetGrain<IBlockedJobGrain>(job).RecoveryClearedAsync()));
        }
        catch (Exception exception)
        {
            // Told again at the next reminder tick.
            LogTellFailed(logger, exception, Key, jobs.Count);
        }
    }

    /// <summary>A timer for a test due sooner than the next reminder tick (the reminder covers the rest).</summary>
    private void PlanTest(DateTimeOffset due)
    {
        var delay = due - timeProvider.GetUtcNow();
        if (delay >= ReminderPeriod)
        {
            return;
        }

        _timer?.Dispose();
        _timer = this.RegisterGrainTimer(async _ =>
        {
            var firing = _timer;
            _timer = null;
            try
            {
                await TickAsync(tellReleasedAgain: false);
            }
            finally
            {
                firing?.Dispose();
            }
        }, new GrainTimerCreationOptions(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private async Task StopAsync()
    {
        _timer?.Dispose();
        _timer = null;
        if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        _reminderRegistered = false;
        DeactivateOnIdle();
    }

    /// <summary>The policy as the group records it, e.g. "STEPWISE_BACKOFF, max 2.00:00:00".</summary>
    private static string Describe(RecoveryPolicyOptions policy) =>
        $"{policy.Kind}, max {policy.MaxElapsed}" + (policy.MaxAttempts > 0 ? $" or {policy.MaxAttempts} tests" : "");

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobUuid} joined recovery group {Group} ({Condition})")]
    private static partial void LogJoined(ILogger logger, Guid jobUuid, string group, string condition);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Recovery test of group {Group} ({Condition}, {Jobs} waiting job(s)), attempt {Attempt}: cleared {Cleared}; {Note}")]
    private static partial void LogTest(ILogger logger, string group, string condition, int jobs, int attempt, bool cleared, string note);

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovery group {Group}: room for {Released} of its {Waiting} waiting job(s); the oldest go, the others wait")]
    private static partial void LogPartialRelease(ILogger logger, string group, int released, int waiting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovery group {Group} ({Condition}) gave up on {Jobs} job(s) after {Attempts} test(s) over {Elapsed}")]
    private static partial void LogGaveUp(ILogger logger, string group, string condition, int jobs, int attempts, TimeSpan elapsed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovery group {Group}: telling {Jobs} job(s) failed; told again at the next tick")]
    private static partial void LogTellFailed(ILogger logger, Exception exception, string group, int jobs);
}
