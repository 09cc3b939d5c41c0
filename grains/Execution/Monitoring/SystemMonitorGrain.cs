using System.Diagnostics;
using AloeOrleans.Grains.Jobs.Phases;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using AloeOrleans.Grains.Telemetry;

namespace AloeOrleans.Grains.Execution.Monitoring;

/// <summary>
/// Collects the check requests of one system's jobs while they keep arriving (at most
/// <see cref="SystemMonitorOptions.BatchWindow"/>), then asks the runner once for all of them (a tick) and answers each. Requests arriving during a query join the next tick.
/// Reentrant so that requests keep arriving while a query runs; all state is touched on the activation's scheduler.
/// Holds nothing durable: a job whose monitor was lost asks the next one, driven by its own timer or reminder.
/// </summary>
[Reentrant]
[GrainType("system-monitor")]
public sealed partial class SystemMonitorGrain(JobPhases phases, IOptions<SystemMonitorOptions> options, ILogger<SystemMonitorGrain> logger)
    : Grain, ISystemMonitorGrain
{
    private List<(JobCheck Check, TaskCompletionSource<RemoteJobStatus> Answer)> _pending = [];
    private Task? _ticking;
    private long _arrivals;

    public Task<RemoteJobStatus> CheckAsync(JobCheck check)
    {
        var answer = new TaskCompletionSource<RemoteJobStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending.Add((check, answer));
        _arrivals++;
        _ticking ??= TickAsync();
        return answer.Task;
    }

    /// <summary>
    /// Waits until requests stop arriving for <see cref="SystemMonitorOptions.BatchQuietPeriod"/> (the jobs of one tick
    /// arrive in a burst) or <see cref="SystemMonitorOptions.BatchWindow"/> has passed, then queries. A system whose
    /// checks are one cheap look per job (FORK on this host) is asked at once: with jobs ending steadily the requests never
    /// stop arriving, and each check would wait the whole window while its job holds a worker slot.
    /// </summary>
    private async Task TickAsync()
    {
        var started = Stopwatch.GetTimestamp();
        if (await BatchesChecksAsync())
        {
            long seen;
            do
            {
                seen = _arrivals;
                await Task.Delay(options.Value.BatchQuietPeriod);
            }
            while (_arrivals != seen && Stopwatch.GetElapsedTime(started) < options.Value.BatchWindow);
        }

        while (_pending.Count > 0)
        {
            var batch = _pending;
            _pending = [];
            await QueryAsync(batch);
        }

        _ticking = null;
    }

    /// <summary>Whether this system's checks are worth collecting; when the system cannot be resolved, the query says why.</summary>
    private async Task<bool> BatchesChecksAsync()
    {
        var (tenantId, systemId) = TenantAndSystem();
        try
        {
            return await phases.BatchesChecksAsync(tenantId, systemId, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return true;
        }
    }

    private (string TenantId, string SystemId) TenantAndSystem()
    {
        var key = this.GetPrimaryKeyString();
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (key[..slash], key[(slash + 1)..]);
    }

    private async Task QueryAsync(List<(JobCheck Check, TaskCompletionSource<RemoteJobStatus> Answer)> batch)
    {
        var (tenantId, systemId) = TenantAndSystem();
        try
        {
            var result = await phases.CheckManyAsync(tenantId, systemId,
                batch.Select(item => (item.Check.Workspace, item.Check.RemoteJobId)).ToList(), CancellationToken.None);
            var statuses = result.Statuses;
            LogTick(logger, systemId, tenantId, batch.Count, Describe(result.Commands));
            AloeMetrics.MonitorTicked(tenantId, systemId, succeeded: true, result.Commands);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Answer.TrySetResult(statuses[i]);
            }
        }
        catch (Exception exception)
        {
            LogTickFailed(logger, exception, systemId, tenantId, batch.Count);
            AloeMetrics.MonitorTicked(tenantId, systemId, succeeded: false, new Dictionary<string, int>());
            foreach (var item in batch)
            {
                item.Answer.TrySetException(exception);
            }
        }
    }

    /// <summary>"1 squeue and 0 sacct call(s)" for Slurm, "1 probe call(s)" for FORK over SSH, "0 call(s)" on this host.</summary>
    private static string Describe(IReadOnlyDictionary<string, int> commands)
    {
        if (commands.ContainsKey("squeue") || commands.ContainsKey("sacct"))
        {
            return $"{commands.GetValueOrDefault("squeue")} squeue and {commands.GetValueOrDefault("sacct")} sacct call(s)";
        }

        return commands.Count == 0 ? "0 call(s)" : $"{string.Join(" and ", commands.Select(pair => $"{pair.Value} {pair.Key}"))} call(s)";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Monitor tick on system {SystemId} of tenant {TenantId}: checked {Jobs} job(s) with {Commands}")]
    private static partial void LogTick(ILogger logger, string systemId, string tenantId, int jobs, string commands);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Monitor tick on system {SystemId} of tenant {TenantId} failed for {Jobs} job(s)")]
    private static partial void LogTickFailed(ILogger logger, Exception exception, string systemId, string tenantId, int jobs);
}
