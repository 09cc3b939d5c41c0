using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Persistence;
using Microsoft.Extensions.Logging;

namespace AloeOrleans.Grains.Recovery;

/// <summary>
/// After a silo starts, asks every unfinished job's grain to resume, so work interrupted by a crash continues
/// within seconds rather than at the next reminder tick (reminders remain the guarantee). Runs in the background,
/// pages through the table, and is harmless when several silos do it at once: resuming is idempotent.
/// </summary>
public sealed partial class JobRecoveryStartupTask(IJobStore store, IGrainFactory grainFactory, ILogger<JobRecoveryStartupTask> logger)
    : IStartupTask
{
    private const int PageSize = 500;

    public Task Execute(CancellationToken cancellationToken)
    {
        _ = Task.Run(() => ResumeAllAsync(CancellationToken.None), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Returns how many jobs were asked to resume.</summary>
    public async Task<int> ResumeAllAsync(CancellationToken cancellationToken)
    {
        var resumed = 0;
        long after = 0;
        try
        {
            while (true)
            {
                var page = await store.ListUnfinishedAsync(after, PageSize, cancellationToken);
                if (page.Count == 0)
                {
                    break;
                }

                await Task.WhenAll(page.Select(job => grainFactory.GetGrain<IJobGrain>(job.Uuid).ResumeAsync()));
                resumed += page.Count;
                after = page[^1].Id;
            }

            LogResumed(logger, resumed);
        }
        catch (Exception exception)
        {
            // Reminders still revive every job; this sweep only makes it faster.
            LogSweepFailed(logger, exception, resumed);
        }

        return resumed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovery: asked {Count} unfinished job(s) to resume")]
    private static partial void LogResumed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovery sweep stopped after {Count} job(s); reminders will resume the rest")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception, int count);
}
