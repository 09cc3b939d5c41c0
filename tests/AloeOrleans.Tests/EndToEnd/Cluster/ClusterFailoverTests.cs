using System.Globalization;
using AloeOrleans.Tests.EndToEnd.Remote;
using Npgsql;
using Xunit;
using Xunit.Abstractions;
using static AloeOrleans.Tests.EndToEnd.Remote.RemoteJobs;

namespace AloeOrleans.Tests.EndToEnd.Cluster;

/// <summary>
/// Two silos of one cluster, 40 jobs in flight on this host (LOCAL), on Slurm and on FORK over SSH, submitted through
/// both; then one silo is SIGKILLed and not restarted. The other silo takes over: every job finishes, none ran twice (a
/// line per run outside the work dir, one Slurm job per UUID in sacct), and every history goes forward without a gap.
/// The test prints how long the jobs of the dead silo stood still (docs/operations.md, "Losing a silo").
/// </summary>
[NeedsServers]
public sealed class ClusterFailoverTests(ITestOutputHelper output)
{
    private const int LocalJobs = 14;
    private const int SlurmJobs = 13;
    private const int ForkJobs = 13;
    private static readonly TimeSpan LaunchTimeout = TimeSpan.FromSeconds(150);
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromMinutes(6);
    private static readonly string[] Launched = ["QUEUED", "RUNNING", "CLEANING_UP", "ARCHIVING", "FINISHED"];

    [Fact]
    public async Task Killing_one_of_two_silos_loses_no_job_and_runs_none_twice()
    {
        await using var files = await TestHttpFileServer.StartAsync();
        await using var first = await AloeServiceProcess.StartAsync(E2eCatalog.Write, environment: Settings());
        await using var second = await AloeServiceProcess.StartPeerAsync(first, Settings());
        await using var remote = await RemoteTestTenant.WithSlurmAppAsync(first, RemoteApps.Sleep);
        await remote.RegisterExecutionSystemAsync(RemoteServiceSettings.ForkSystem, "FORK");
        await remote.DeployAsync(ForkRunsApp.For(RemoteServiceSettings.ForkSystem));
        var forkRuns = $"{remote.RemoteRoot}/fork-runs";
        await remote.RunOkAsync($"mkdir -p '{forkRuns}'");
        var localRuns = LocalLayout.FolderWritableByJobs(Path.Combine(first.DataDir, "cluster-runs"));
        var input = files.Add("input.txt", "some input"u8.ToArray());

        // Half of each kind through each silo's HTTP port: the job grains land on both silos.
        var localClients = new[] { first.ClientFor(E2eCatalog.Tenant, "alice"), second.ClientFor(E2eCatalog.Tenant, "alice") };
        var remoteClients = new[] { remote.Jobs, second.ClientFor(remote.TenantId, RemoteTestTenant.User) };
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        var local = await Task.WhenAll(Enumerable.Range(0, LocalJobs).Select(async i =>
        {
            var tag = $"local-{i}-{Guid.NewGuid():N}";
            return (Id: await localClients[i % 2].SubmitOkAsync(new
            {
                name = "failover-local", appId = E2eCatalog.MarkerApp, archive = false,
                inputs = new { data = input }, parameters = new { tag, dir = localRuns },
            }), Tag: tag);
        }));
        var slurm = await Task.WhenAll(Enumerable.Range(0, SlurmJobs).Select(i => remoteClients[i % 2].SubmitOkAsync(new
        {
            name = $"failover-slurm-{i}", appId = "sleep-1.0", archive = false, parameters = new { seconds = 12 },
        })));
        var fork = await Task.WhenAll(Enumerable.Range(0, ForkJobs).Select(async i =>
        {
            var tag = $"fork-{i}-{Guid.NewGuid():N}";
            return (Id: await remoteClients[i % 2].SubmitOkAsync(new
            {
                name = "failover-fork", appId = ForkRunsApp.Id, archive = false, parameters = new { tag, dir = forkRuns, seconds = 12 },
            }), Tag: tag);
        }));
        foreach (var (id, tag) in local.Concat(fork))
        {
            tags[id] = tag;
        }

        // Kill once a third of the remote jobs run: the rest are somewhere on their way, and the local ones mid-run.
        await WaitInDatabaseAsync(first, remote.TenantId, jobs => jobs.Values.Count(job => Launched.Contains(job.Status)) >= (SlurmJobs + ForkJobs) / 3,
            LaunchTimeout, "a third of the remote jobs launched", TimeSpan.FromMilliseconds(100));
        var atKill = (await InDatabaseAsync(first, E2eCatalog.Tenant)).Concat(await InDatabaseAsync(first, remote.TenantId))
            .ToDictionary(pair => pair.Key, pair => pair.Value.Status, StringComparer.Ordinal);
        var killedAt = DateTimeOffset.UtcNow;
        await second.KillAsync();
        output.WriteLine($"Killed silo 2 at {killedAt:O}; statuses then: {Describe(atKill.Values)}");

        var localFinal = await WaitInDatabaseAsync(first, E2eCatalog.Tenant, AllEnded, RecoveryTimeout, "terminal statuses after the kill");
        var remoteFinal = await WaitInDatabaseAsync(first, remote.TenantId, AllEnded, RecoveryTimeout, "terminal statuses after the kill");
        var allIds = local.Select(job => job.Id).Concat(slurm).Concat(fork.Select(job => job.Id)).ToList();
        Assert.Equal(40, allIds.Count);
        foreach (var id in allIds)
        {
            var status = localFinal.TryGetValue(id, out var l) ? l.Status : remoteFinal[id].Status;
            var client = localFinal.ContainsKey(id) ? localClients[0] : remoteClients[0];
            Assert.True(status == "FINISHED", $"job {id} ({atKill[id]} at the kill) ended {status}: {await client.DescribeHistoryAsync(id)}\n{first.Diagnostics()}");
            var statuses = await client.HistoryStatusesAsync(id);
            Assert.True(JobHistoryOrder.Problem(statuses) is null,
                $"job {id} ({atKill[id]} at the kill): {JobHistoryOrder.Problem(statuses)} in {string.Join(" → ", statuses)}");
        }

        // Exactly one run each: local and FORK jobs left one line per run; Slurm accounted one job per UUID.
        var localLines = (await File.ReadAllLinesAsync(Path.Combine(localRuns, E2eCatalog.MarkerCountsFile))).Select(line => line.Split(' ')[0]).ToList();
        var forkLines = (await remote.RunOkAsync($"cat '{forkRuns}/runs.txt'")).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        foreach (var (id, tag) in local)
        {
            Assert.True(localLines.Count(line => line == tag) == 1, $"local job {id} ran {localLines.Count(line => line == tag)} time(s)");
        }

        foreach (var (id, tag) in fork)
        {
            Assert.True(forkLines.Count(line => line == tag) == 1, $"FORK job {id} ran {forkLines.Count(line => line == tag)} time(s)");
        }

        await AssertOneSlurmJobEachAsync(remote, slurm, remoteFinal);
        await ReportStandstillAsync(first, allIds, killedAt, atKill);
        output.WriteLine(string.Join('\n', first.LogTail(4000).Split('\n').Where(line => line.Contains("declared dead", StringComparison.Ordinal)
            || line.Contains("asked", StringComparison.Ordinal) && line.Contains("resume", StringComparison.Ordinal))));
    }

    /// <summary>Fast monitoring of the remote systems, and log lines with their time, so the failover can be read off the log.</summary>
    private static Dictionary<string, string> Settings()
    {
        var settings = RemoteServiceSettings.FastMonitoring();
        settings["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ";
        return settings;
    }

    private static bool AllEnded(Dictionary<string, (string Status, string? RemoteJobId)> jobs) =>
        jobs.Values.All(job => JobsClient.TerminalStatuses.Contains(job.Status));

    private async Task AssertOneSlurmJobEachAsync(RemoteTestTenant remote, IReadOnlyList<string> ids,
        Dictionary<string, (string Status, string? RemoteJobId)> final)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        IReadOnlyList<SacctJob> accounted;
        while ((accounted = await SlurmAccounting.ByNamesAsync(remote.Ssh, ids)).Select(job => job.JobName).Distinct().Count() < ids.Count
               || accounted.Any(job => job.State != "COMPLETED"))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"sacct does not show all {ids.Count} jobs COMPLETED: {string.Join("; ", accounted)}");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        foreach (var id in ids)
        {
            var slurmJobs = accounted.Where(job => job.JobName == id).ToList();
            Assert.True(slurmJobs.Count == 1, $"job {id} has {slurmJobs.Count} Slurm job(s): {string.Join("; ", slurmJobs)}");
            Assert.Equal(final[id].RemoteJobId, slurmJobs[0].JobId);
        }

        output.WriteLine($"sacct: {ids.Count} jobs, one Slurm job each");
    }

    /// <summary>
    /// For every job unfinished at the kill: how long after it its history got its next event. Jobs whose grains lived
    /// on the killed silo stand still until the survivor takes them over; the longest wait is the failover time.
    /// </summary>
    private async Task ReportStandstillAsync(AloeServiceProcess service, IReadOnlyList<string> ids, DateTimeOffset killedAt,
        IReadOnlyDictionary<string, string> atKill)
    {
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT job_uuid, min(created) FROM aloe_job_events WHERE job_uuid = ANY(@ids) AND created > @killed GROUP BY job_uuid", connection);
        command.Parameters.AddWithValue("ids", ids.Select(Guid.Parse).ToArray());
        command.Parameters.AddWithValue("killed", killedAt);
        var waits = new List<(string Id, double Seconds)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var id = reader.GetGuid(0).ToString();
                if (!JobsClient.TerminalStatuses.Contains(atKill[id]))
                {
                    waits.Add((id, (reader.GetFieldValue<DateTimeOffset>(1) - killedAt).TotalSeconds));
                }
            }
        }

        var ordered = waits.Select(wait => wait.Seconds).Order().ToList();
        Assert.NotEmpty(ordered);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Failover: {ordered.Count} unfinished jobs at the kill; their next history event came after median {ordered[ordered.Count / 2]:0.0} s, " +
            $"90th percentile {ordered[(int)(ordered.Count * 0.9)]:0.0} s, longest {ordered[^1]:0.0} s."));
    }
}
