using AloeOrleans.GrainInterfaces.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;

namespace AloeOrleans.Grains.Revival;

/// <summary>
/// Revives, every <see cref="JobRevivalOptions.Interval"/>, the jobs nothing else would: those still ACCEPTED after
/// <see cref="JobRevivalOptions.AcceptedAge"/> (the accept committed the row, then its grain died before the job
/// registered its reminder, so only a silo's start-up sweep would find it), and unfinished jobs that have neither been
/// updated for <see cref="JobRevivalOptions.StaleAfter"/> nor hold a reminder. Reviving is asking the job's grain to
/// resume, which is idempotent, so every silo sweeps on its own and no coordination is needed. A background loop of the
/// silo rather than a reminder: reminders tick at most once a minute and live in the table whose gaps this covers.
/// </summary>
public sealed partial class JobRevivalSweep(
    IStrandedJobs jobs,
    IGrainFactory grainFactory,
    IOptions<JobRevivalOptions> options,
    IOptions<ClusterOptions> cluster,
    TimeProvider timeProvider,
    ILogger<JobRevivalSweep> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private CancellationTokenSource? _stopping;
    private Task _loop = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(JobRevivalSweep), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    /// <summary>One sweep; returns how many jobs were asked to resume.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = timeProvider.GetUtcNow();
        var accepted = await ReviveAsync((after, ct) => jobs.ListAcceptedAsync(now - settings.AcceptedAge, after, settings.PageSize, ct),
            onlyWithoutReminder: false, "was still ACCEPTED", cancellationToken);
        var stale = await ReviveAsync((after, ct) => jobs.ListStaleAsync(now - settings.StaleAfter, after, settings.PageSize, ct),
            onlyWithoutReminder: true, "had neither an update nor a reminder", cancellationToken);
        return accepted + stale;
    }

    private Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled)
        {
            _stopping = new CancellationTokenSource();
            _loop = Task.Run(() => LoopAsync(_stopping.Token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken);
        _stopping.Dispose();
    }

    private async Task LoopAsync(CancellationToken stopping)
    {
        var interval = options.Value.Interval;
        try
        {
            // Silos started together do not sweep together.
            await Task.Delay(interval * Random.Shared.NextDouble(), timeProvider, stopping);
            using var timer = new PeriodicTimer(interval, timeProvider);
            do
            {
                try
                {
                    await SweepAsync(stopping);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !stopping.IsCancellationRequested)
                {
                    // The next sweep tries again; reminders and the start-up sweep still revive what they know of.
                    LogSweepFailed(logger, exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stopping));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }

    private async Task<int> ReviveAsync(Func<long, CancellationToken, Task<IReadOnlyList<StrandedJob>>> nextPage, bool onlyWithoutReminder, string why,
        CancellationToken cancellationToken)
    {
        var revived = 0;
        long after = 0;
        while (true)
        {
            var page = await nextPage(after, cancellationToken);
            if (page.Count == 0)
            {
                return revived;
            }

            after = page[^1].Id;
            var candidates = page.Select(job => (job.Uuid, Grain: grainFactory.GetGrain<IJobGrain>(job.Uuid))).ToList();
            if (onlyWithoutReminder)
            {
                var withReminders = await jobs.WithRemindersAsync(cluster.Value.ServiceId,
                    candidates.Select(candidate => candidate.Grain.GetGrainId().ToString()).ToList(), cancellationToken);
                candidates.RemoveAll(candidate => withReminders.Contains(candidate.Grain.GetGrainId().ToString()));
            }

            foreach (var (uuid, _) in candidates)
            {
                LogReviving(logger, uuid, why);
            }

            await Task.WhenAll(candidates.Select(candidate => candidate.Grain.ResumeAsync()));
            revived += candidates.Count;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Revival: job {JobUuid} {Why}; asked it to resume")]
    private static partial void LogReviving(ILogger logger, Guid jobUuid, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Revival sweep failed; the next one tries again")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
