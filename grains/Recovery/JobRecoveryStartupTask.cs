using System.Runtime.CompilerServices;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Persistence;
using AloeOrleans.Grains.Revival;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Grains.Recovery;

/// <summary>
/// After a silo starts, asks unfinished jobs' grains to resume, so work interrupted by a crash continues within seconds
/// rather than at the next reminder tick (reminders remain the guarantee). Runs in the background, pages through the
/// table, and is harmless when several silos do it at once: resuming is idempotent.
/// <para>
/// A start first resumes the jobs whose work the stop interrupted (staging, a launch, clean-up, archiving), all at once,
/// then the jobs that wait for something else (a worker slot, the scheduler, a recovery group, a user) at
/// <see cref="JobRevivalOptions.StartupWaitingResumesPerSecond"/>: with tens of thousands of tracked jobs, waking them
/// all in the first seconds is a burst of activations and row reads (docs/lifecycle.md, "Crashes and restarts") that
/// their reminders, spread over each minute, make anyway.
/// </para>
/// </summary>
public sealed partial class JobRecoveryStartupTask(
    IJobStore store,
    IStrandedJobs stranded,
    IGrainFactory grainFactory,
    IOptions<JobRevivalOptions> revival,
    TimeProvider timeProvider,
    ILogger<JobRecoveryStartupTask> logger)
    : IStartupTask
{
    private const int PageSize = 500;

    public Task Execute(CancellationToken cancellationToken)
    {
        _ = Task.Run(() => ResumeAtStartAsync(CancellationToken.None), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The start-up sweep: interrupted jobs at once, then waiting ones paced (none when the rate is 0). Returns how many
    /// jobs were asked to resume.
    /// </summary>
    public async Task<int> ResumeAtStartAsync(CancellationToken cancellationToken)
    {
        var interrupted = new StrongBox<int>();
        var waiting = new StrongBox<int>();
        try
        {
            await ResumePagesAsync(stranded.ListInterruptedAsync, 0, interrupted, cancellationToken);
            var rate = revival.Value.StartupWaitingResumesPerSecond;
            if (rate > 0)
            {
                await ResumePagesAsync(stranded.ListWaitingAsync, rate, waiting, cancellationToken);
            }

            LogResumedAtStart(logger, interrupted.Value + waiting.Value, interrupted.Value, waiting.Value, rate);
        }
        catch (Exception exception)
        {
            // Reminders still revive every job; this sweep only makes it faster.
            LogSweepFailed(logger, exception, interrupted.Value + waiting.Value);
        }

        return interrupted.Value + waiting.Value;
    }

    /// <summary>
    /// Every unfinished job at once, for a silo's loss (<see cref="SiloLossRecovery"/>): the lost grains' timers are gone
    /// and their jobs, whatever they wait for, are taken up by the survivors. Returns how many jobs were asked to resume.
    /// </summary>
    public async Task<int> ResumeAllAsync(CancellationToken cancellationToken)
    {
        var resumed = new StrongBox<int>();
        try
        {
            await ResumePagesAsync(UnfinishedAsync, 0, resumed, cancellationToken);
            LogResumed(logger, resumed.Value);
        }
        catch (Exception exception)
        {
            LogSweepFailed(logger, exception, resumed.Value);
        }

        return resumed.Value;
    }

    /// <summary>
    /// The delay before the next resume so that <paramref name="resumed"/> resumes over <paramref name="elapsed"/> stay
    /// at or under <paramref name="perSecond"/> (0: no bound).
    /// </summary>
    public static TimeSpan PaceDelay(int resumed, int perSecond, TimeSpan elapsed)
    {
        if (perSecond <= 0)
        {
            return TimeSpan.Zero;
        }

        var due = TimeSpan.FromSeconds((double)resumed / perSecond);
        return due > elapsed ? due - elapsed : TimeSpan.Zero;
    }

    /// <summary>
    /// Resumes every job of the pages <paramref name="nextPage"/> gives, at most <paramref name="perSecond"/> (0: each page at
    /// once), counting in <paramref name="resumed"/> as it goes: a sweep that fails half-way still says how far it got.
    /// </summary>
    private async Task ResumePagesAsync(Func<long, int, CancellationToken, Task<IReadOnlyList<StrandedJob>>> nextPage, int perSecond,
        StrongBox<int> resumed, CancellationToken cancellationToken)
    {
        long after = 0;
        var started = timeProvider.GetTimestamp();
        // Paced jobs go in slices of at most a tenth of a second's worth, so the rate holds within each second.
        var slice = perSecond > 0 ? Math.Clamp(perSecond / 10, 1, PageSize) : PageSize;
        while (true)
        {
            var page = await nextPage(after, PageSize, cancellationToken);
            if (page.Count == 0)
            {
                return;
            }

            after = page[^1].Id;
            foreach (var part in page.Chunk(slice))
            {
                var wait = PaceDelay(resumed.Value, perSecond, timeProvider.GetElapsedTime(started));
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, timeProvider, cancellationToken);
                }

                await Task.WhenAll(part.Select(job => grainFactory.GetGrain<IJobGrain>(job.Uuid).ResumeAsync()));
                resumed.Value += part.Length;
            }
        }
    }

    /// <summary>A page of every unfinished job, whatever its status (the job store's own listing).</summary>
    private async Task<IReadOnlyList<StrandedJob>> UnfinishedAsync(long afterId, int limit, CancellationToken cancellationToken) =>
        [.. (await store.ListUnfinishedAsync(afterId, limit, cancellationToken)).Select(job => new StrandedJob(job.Id, job.Uuid))];

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovery: asked {Count} unfinished job(s) to resume")]
    private static partial void LogResumed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Recovery: asked {Count} unfinished job(s) to resume: {Interrupted} with interrupted work at once, {Waiting} waiting ones at {Rate}/s")]
    private static partial void LogResumedAtStart(ILogger logger, int count, int interrupted, int waiting, int rate);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovery sweep stopped after {Count} job(s); reminders will resume the rest")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception, int count);
}
