using System.Diagnostics;
using System.Globalization;
using System.Net;
using AloeOrleans.Tests.EndToEnd.Remote;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace AloeOrleans.Tests.EndToEnd.Cluster;

/// <summary>
/// Graceful stops of silos under a steady submit load spread over both (docs/operations.md, "Health and shutdown"):
/// SIGTERM of one silo, and a rolling restart of both. Every acknowledged job is stored and finishes; the only answers
/// other than 201 are the documented 503s; a stopping silo first answers 503 on /health/ready while it still serves,
/// exits 0 within its shutdown timeout, and leaves the membership table as Dead.
/// </summary>
[NeedsServers]
public sealed class ClusterShutdownTests(ITestOutputHelper output)
{
    private const int SiloDeadStatus = 6;
    private static readonly TimeSpan FinishTimeout = TimeSpan.FromMinutes(4);
    // Long enough for the readiness probe to see the drain when the machine is busy with the other tests.
    private static readonly TimeSpan DrainDelay = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task SIGTERM_of_one_silo_under_submit_load_loses_no_acknowledged_job()
    {
        await using var first = await AloeServiceProcess.StartAsync(E2eCatalog.Write, environment: Settings());
        await using var second = await AloeServiceProcess.StartPeerAsync(first, Settings());
        await using var load = StartLoad(first, second);

        await WaitForAcknowledgedAsync(load, 20);
        await StopGracefullyAsync(second);
        var afterStop = load.Acknowledged.Count;
        await WaitForAcknowledgedAsync(load, afterStop + 20);
        await load.StopAsync();

        await AssertNothingLostAsync(load, first, second);
    }

    [Fact]
    public async Task A_rolling_restart_of_both_silos_under_submit_load_loses_no_acknowledged_job()
    {
        await using var first = await AloeServiceProcess.StartAsync(E2eCatalog.Write, environment: Settings());
        await using var second = await AloeServiceProcess.StartPeerAsync(first, Settings());
        await using var load = StartLoad(first, second);

        await WaitForAcknowledgedAsync(load, 20);
        foreach (var silo in new[] { first, second })
        {
            await StopGracefullyAsync(silo);
            await WaitForAcknowledgedAsync(load, load.Acknowledged.Count + 10);
            await silo.RestartAsync();
            await WaitForAcknowledgedAsync(load, load.Acknowledged.Count + 10);
        }

        await load.StopAsync();
        await AssertNothingLostAsync(load, first, second);
    }

    private static Dictionary<string, string> Settings() => new(StringComparer.Ordinal)
    {
        ["Aloe__Shutdown__DrainDelay"] = DrainDelay.ToString("c", CultureInfo.InvariantCulture),
        ["Aloe__Shutdown__Timeout"] = "00:00:25",
    };

    private static SubmitLoad StartLoad(AloeServiceProcess first, AloeServiceProcess second) => SubmitLoad.Start(
        [first.ClientFor(E2eCatalog.Tenant, "alice"), second.ClientFor(E2eCatalog.Tenant, "alice")],
        i => new { name = $"load-{i}", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = $"load {i}" } },
        concurrency: 2, pause: TimeSpan.FromMilliseconds(200));

    private static async Task WaitForAcknowledgedAsync(SubmitLoad load, int count)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while (load.Acknowledged.Count < count)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"The load did not reach {count} acknowledged jobs in 60 s: {load.Describe()}");
            await Task.Delay(100);
        }
    }

    /// <summary>SIGTERM; readiness must turn 503 while the process still answers, and the exit be clean and timely.</summary>
    private async Task StopGracefullyAsync(AloeServiceProcess silo)
    {
        using var http = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        var stopping = silo.StopAsync();
        var sawNotReady = false;
        while (!stopping.IsCompleted && !sawNotReady)
        {
            try
            {
                using var ready = await http.GetAsync("health/ready");
                using var live = await http.GetAsync("health/live");
                sawNotReady = ready.StatusCode == HttpStatusCode.ServiceUnavailable && live.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException) when (!stopping.IsCompleted)
            {
                // A request cut off by a busy machine is asked again; once the process is gone the loop ends.
            }

            await Task.Delay(50);
        }

        await stopping;
        output.WriteLine($"Silo {silo.BaseAddress} stopped in {clock.Elapsed.TotalSeconds:0.0} s (exit {silo.LastExitCode})");
        Assert.True(sawNotReady, $"/health/ready never answered 503 while {silo.BaseAddress} drained. {silo.Diagnostics()}");
        Assert.True(silo.LastExitCode == 0, $"The silo exited {silo.LastExitCode} after SIGTERM. {silo.Diagnostics()}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), $"The silo took {clock.Elapsed.TotalSeconds:0} s to stop. {silo.Diagnostics()}");
        Assert.Equal(SiloDeadStatus, await MembershipStatusAsync(silo));
    }

    /// <summary>The status of the silo's newest row in the membership table (6: Dead, which a silo writes when it leaves).</summary>
    private static async Task<int> MembershipStatusAsync(AloeServiceProcess silo)
    {
        await using var connection = new NpgsqlConnection(silo.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT Status FROM OrleansMembershipTable WHERE DeploymentId = @cluster AND Port = @port ORDER BY Generation DESC LIMIT 1", connection);
        command.Parameters.AddWithValue("cluster", silo.ClusterId);
        command.Parameters.AddWithValue("port", silo.SiloPort);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private async Task AssertNothingLostAsync(SubmitLoad load, AloeServiceProcess service, AloeServiceProcess peer)
    {
        output.WriteLine($"Load: {load.Describe()}");
        foreach (var refused in load.Refused)
        {
            // 503 is documented for a submission whose grain call failed during the hand-over (docs/api.md); nothing else.
            Assert.True(refused.Status == HttpStatusCode.ServiceUnavailable, $"An answer other than 201 or 503: {refused}");
        }

        // A graceful stop finishes the requests it has: the only connection failures are refusals by a stopped silo,
        // never a request cut off halfway (whose job might be stored without its 201).
        Assert.All(load.ConnectionFailures, failure => Assert.Contains("Connection refused", failure, StringComparison.Ordinal));

        var acknowledged = load.Acknowledged.ToHashSet(StringComparer.Ordinal);
        var final = await RemoteJobs.WaitInDatabaseAsync(service, E2eCatalog.Tenant,
            jobs => acknowledged.All(id => jobs.TryGetValue(id, out var job) && JobsClient.TerminalStatuses.Contains(job.Status)),
            FinishTimeout, "every acknowledged job ended");
        var notFinished = acknowledged.Where(id => final[id].Status != "FINISHED").ToList();
        if (notFinished.Count > 0)
        {
            var histories = new List<string>();
            foreach (var id in notFinished.Take(5))
            {
                histories.Add($"{id} {final[id].Status}:\n{await HistoryAsync(service, id)}\n{LogLinesAbout(id, service, peer)}");
            }

            Assert.Fail($"{notFinished.Count} acknowledged job(s) did not finish:\n{string.Join("\n", histories)}");
        }
    }

    /// <summary>A job's history, one event per line, for a failure message: it says why the job did not finish.</summary>
    private static async Task<string> HistoryAsync(AloeServiceProcess service, string jobId)
    {
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT created, status, description FROM aloe_job_events WHERE job_uuid = @job ORDER BY id", connection);
        command.Parameters.AddWithValue("job", Guid.Parse(jobId));
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add($"  {reader.GetDateTime(0):HH:mm:ss.fff} {reader.GetString(1)} {reader.GetString(2)}");
        }

        return string.Join("\n", lines);
    }

    /// <summary>The lines of both silos' logs that name the job (and the line after each, where an exception starts).</summary>
    private static string LogLinesAbout(string jobId, params AloeServiceProcess[] silos)
    {
        var found = new List<string>();
        foreach (var silo in silos)
        {
            var lines = File.Exists(silo.LogFile) ? File.ReadAllLines(silo.LogFile) : [];
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Contains(jobId, StringComparison.Ordinal))
                {
                    found.Add($"  [{silo.HttpPort}] {lines[i]}");
                    found.AddRange(lines.Skip(i + 1).Take(3).Select(line => $"  [{silo.HttpPort}]   {line}"));
                }
            }
        }

        return string.Join("\n", found);
    }
}
