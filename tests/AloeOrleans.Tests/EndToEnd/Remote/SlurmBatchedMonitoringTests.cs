using System.Globalization;
using Xunit;
using Xunit.Abstractions;
using static AloeOrleans.Tests.EndToEnd.Remote.RemoteJobs;
using static AloeOrleans.Tests.Infrastructure.Remote.RemoteTestEnvironment;

namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary>
/// 200 jobs RUNNING on one Slurm system: each monitoring tick checks them all with one squeue (and at most one
/// sacct), counted twice: from the service's own tick log lines, and from slurmctld's RPC counters (sdiag) and
/// slurmdbd's (sacctmgr show stats), which do not depend on the service's code. Its own service (a tenant queue
/// with room for 200 active jobs, a log of its own) and run alone (the counters are machine-wide).
/// </summary>
[NeedsServers]
[Collection(SchedulerCallCountCollection.Name)]
public sealed class SlurmBatchedMonitoringTests(ITestOutputHelper output)
{
    private const int JobCount = 200;
    private const int WindowTicks = 10;
    private static readonly TimeSpan AllRunningTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan WindowTimeout = TimeSpan.FromSeconds(90);

    /// <summary>A tick may straddle either end of the measuring window.</summary>
    private const int BoundarySlack = 2;

    [Fact]
    public async Task With_200_jobs_running_each_monitoring_tick_issues_one_squeue_and_at_most_one_sacct()
    {
        var system = RemoteServiceSettings.SlurmSystem;
        var environment = RemoteServiceSettings.FastMonitoring(system);
        environment["Aloe__Queues__NumWorkers"] = (JobCount * 2).ToString(CultureInfo.InvariantCulture);
        await using var service = await AloeServiceProcess.StartAsync(environment: environment);
        await using var tenant = await RemoteTestTenant.WithSlurmAppAsync(service, RemoteApps.Sleep);

        IReadOnlyList<string> remoteJobIds = [];
        try
        {
            using var submitting = new SemaphoreSlim(16);
            await Task.WhenAll(Enumerable.Range(0, JobCount).Select(async i =>
            {
                await submitting.WaitAsync();
                try
                {
                    await tenant.Jobs.SubmitOkAsync(new
                    {
                        name = $"many-{i}", appId = "sleep-1.0", archive = false, maxRunTime = "00:30:00", parameters = new { seconds = 1500 },
                    });
                }
                finally
                {
                    submitting.Release();
                }
            }));

            var started = DateTimeOffset.UtcNow;
            // A job that ends on the way fails the test at once instead of after the timeout.
            var jobs = await WaitInDatabaseAsync(service, tenant.TenantId,
                all => (all.Count == JobCount && all.Values.All(job => job.Status == "RUNNING"))
                       || all.Values.Any(job => JobsClient.TerminalStatuses.Contains(job.Status)),
                AllRunningTimeout, $"all {JobCount} RUNNING", TimeSpan.FromSeconds(1));
            var ended = jobs.Where(job => JobsClient.TerminalStatuses.Contains(job.Value.Status)).Select(job => job.Key).ToList();
            Assert.True(ended.Count == 0,
                $"{ended.Count} job(s) ended before all were RUNNING ({Describe(jobs.Values.Select(job => job.Status))}); the first: " +
                $"{(ended.Count > 0 ? await tenant.Jobs.DescribeHistoryAsync(ended[0]) : "")}");
            remoteJobIds = jobs.Values.Select(job => job.RemoteJobId!).ToList();
            output.WriteLine($"All {JobCount} RUNNING {(DateTimeOffset.UtcNow - started).TotalSeconds:0} s after the last submission.");
            Assert.Equal(JobCount, remoteJobIds.Distinct().Count());

            // The measuring window: nothing else asks slurmctld about jobs meanwhile (this collection runs alone;
            // the test polls only the service's database and reads sdiag, which is not a job RPC).
            // The counters first, then the log's mark: reading sdiag over SSH takes a while under load, and a tick whose
            // RPC was counted before the window must not be logged inside it (a CI run counted 10 RPCs for 13 ticks).
            var rpcBefore = await SlurmAccounting.JobInfoRpcCountsAsync(tenant.Ssh);
            var (dbdBefore, dbdWhy) = await SlurmAccounting.DbdJobQueryCountAsync();
            var logFrom = MonitorTickLog.Length(service);
            var windowClock = System.Diagnostics.Stopwatch.StartNew();
            var deadline = DateTimeOffset.UtcNow + WindowTimeout;
            while (MonitorTickLog.Read(service, tenant.TenantId, system, logFrom).Count(tick => tick.Jobs == JobCount) < WindowTicks)
            {
                Assert.True(DateTimeOffset.UtcNow < deadline,
                    $"fewer than {WindowTicks} monitor ticks over {JobCount} jobs were logged within {WindowTimeout.TotalSeconds:0} s: " +
                    $"{string.Join("; ", MonitorTickLog.Read(service, tenant.TenantId, system, logFrom))}\n{service.Diagnostics()}");
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }

            // The window's end the same way round: the log's mark, then the counters.
            var logTo = MonitorTickLog.Length(service);
            var rpcAfter = await SlurmAccounting.JobInfoRpcCountsAsync(tenant.Ssh);
            var (dbdAfter, _) = await SlurmAccounting.DbdJobQueryCountAsync();
            var window = windowClock.Elapsed;
            var windowTicks = MonitorTickLog.Read(service, tenant.TenantId, system, logFrom, logTo);

            var rpcs = SlurmAccounting.JobInfoRpcs.ToDictionary(name => name, name => rpcAfter[name] - rpcBefore[name]);
            var rpcTotal = rpcs.Values.Sum();
            var dbdTotal = dbdBefore is { } before && dbdAfter is { } after ? after - before : (long?)null;
            output.WriteLine(
                $"Window of {window.TotalSeconds:0.0} s: {windowTicks.Count} tick(s) logged (jobs per tick: " +
                $"{string.Join(",", windowTicks.Select(tick => tick.Jobs))}), squeue calls logged {windowTicks.Sum(t => t.Squeue ?? 0)}, " +
                $"sacct calls logged {windowTicks.Sum(t => t.Sacct ?? 0)}.");
            output.WriteLine($"slurmctld job-info RPCs in the window (sdiag): {rpcTotal} ({string.Join(", ", rpcs.Select(r => $"{r.Key} {r.Value}"))}).");
            output.WriteLine(dbdTotal is { } queries
                ? $"slurmdbd job queries in the window (sacctmgr show stats, DBD_GET_JOBS_COND): {queries}."
                : $"slurmdbd job queries not measured: {dbdWhy}");
            output.WriteLine(
                $"Per tick over {JobCount} jobs: {(double)rpcTotal / Math.Max(1, windowTicks.Count):0.00} squeue RPC(s) (server side).");

            // The service's own account, over the whole run: every tick over 2 or more jobs is one squeue, ≤ 1 sacct.
            var allTicks = MonitorTickLog.Read(service, tenant.TenantId, system);
            Assert.NotEmpty(allTicks);
            foreach (var tick in allTicks.Where(tick => tick.Jobs >= 2))
            {
                Assert.True(tick.Squeue == 1 && tick.Sacct is >= 0 and <= 1, $"tick {tick} is not one squeue and at most one sacct");
            }

            // Slurm's account: about one job-info RPC per tick however many jobs, not one per job.
            Assert.InRange(rpcTotal, Math.Max(1, windowTicks.Count - BoundarySlack), windowTicks.Count + BoundarySlack);
            if (dbdTotal is { } sacctCalls)
            {
                Assert.InRange(sacctCalls, 0, windowTicks.Count + BoundarySlack);
            }

            Assert.All(await InDatabaseAsync(service, tenant.TenantId), job => Assert.Equal("RUNNING", job.Value.Status));
        }
        finally
        {
            // The jobs would sleep 25 minutes: end them in Slurm whatever happened above.
            foreach (var chunk in remoteJobIds.Where(id => id is not null).Chunk(50))
            {
                await RunAsync(tenant.Ssh, $"scancel {string.Join(' ', chunk.Select(ShellQuote))}");
            }
        }
    }
}
