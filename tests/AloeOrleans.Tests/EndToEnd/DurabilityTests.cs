using System.Net;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>
/// SIGKILL of the service with 20 jobs in flight, then a restart on the same database and data folder: every job
/// ends, none is lost, none runs twice. Its own service, since it kills it.
/// </summary>
[NeedsServers]
public sealed class DurabilityTests(ITestOutputHelper output)
{
    private const int Launched = 7;
    private const int Staging = 7;
    private const int JustAccepted = 6;
    private const int JobCount = Launched + Staging + JustAccepted;
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(150);
    private static readonly string[] LaunchedStatuses = ["RUNNING", "CLEANING_UP", "ARCHIVING", "FINISHED"];

    [Fact]
    public async Task Jobs_in_flight_when_the_service_is_killed_all_finish_exactly_once_after_a_restart()
    {
        await using var files = await TestHttpFileServer.StartAsync();
        await using var service = await AloeServiceProcess.StartAsync(E2eCatalog.Write);
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");
        var counts = LocalLayout.FolderWritableByJobs(Path.Combine(service.DataDir, "markers"));
        var data = new byte[256 * 1024];
        Random.Shared.NextBytes(data);
        var fastInput = files.Add("fast.bin", data);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowInput = files.AddGated("slow.bin", data, gate.Task);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal); // id → tag
        var batchOf = new Dictionary<string, string>(StringComparer.Ordinal); // id → batch

        async Task<List<string>> SubmitBatchAsync(string batch, int count, string input)
        {
            var submitted = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
            {
                var tag = $"{batch}-{i}-{Guid.NewGuid():N}";
                var id = await alice.SubmitOkAsync(new
                {
                    name = batch, appId = E2eCatalog.MarkerApp, archive = false,
                    inputs = new { data = input }, parameters = new { tag, dir = counts },
                });
                return (id, tag);
            }));
            foreach (var (id, tag) in submitted)
            {
                tags[id] = tag;
                batchOf[id] = batch;
            }

            return submitted.Select(job => job.id).ToList();
        }

        // Batch "launched": apps running (they sleep 2 s, write their line, sleep 2 s). Batch "staging": downloads
        // hanging halfway. Batch "accepted": submitted just before the kill, wherever they got to.
        foreach (var id in await SubmitBatchAsync("launched", Launched, fastInput))
        {
            await alice.WaitForStatusAsync(id, LaunchedStatuses.Contains, PhaseTimeout, "RUNNING");
        }

        foreach (var id in await SubmitBatchAsync("staging", Staging, slowInput))
        {
            await alice.WaitForStatusAsync(id, status => status == "STAGING_INPUTS", PhaseTimeout, "STAGING_INPUTS (a hanging download)");
        }

        await SubmitBatchAsync("accepted", JustAccepted, fastInput);
        await service.KillAsync();

        var atKill = await StatusesInDatabaseAsync(service);
        output.WriteLine($"Statuses at the kill: {Describe(atKill)}");
        Assert.Equal(tags.Keys.Order(StringComparer.Ordinal), atKill.Keys.Order(StringComparer.Ordinal));
        Assert.All(batchOf.Where(job => job.Value == "staging"), job => Assert.Equal("STAGING_INPUTS", atKill[job.Key]));

        gate.SetResult();
        await service.RestartAsync();

        foreach (var id in tags.Keys)
        {
            var final = await alice.WaitForStatusAsync(id, JobsClient.TerminalStatuses.Contains, RecoveryTimeout, "a terminal status after the restart");
            Assert.True(final == "FINISHED",
                $"job {id} ({batchOf[id]}, {atKill[id]} at the kill) ended {final}: {await alice.DescribeHistoryAsync(id)}\n{service.Diagnostics()}");
        }

        var lines = File.ReadAllLines(Path.Combine(counts, E2eCatalog.MarkerCountsFile));
        foreach (var (id, tag) in tags)
        {
            var runs = lines.Where(line => line.Split(' ')[0] == tag).ToList();
            Assert.True(runs.Count == 1,
                $"job {id} ({batchOf[id]}, {atKill[id]} at the kill) ran {runs.Count} time(s): {await alice.DescribeHistoryAsync(id)}");
            Assert.True(runs[0] == $"{tag} {data.Length}",
                $"job {id} ({batchOf[id]}) saw a staged input of the wrong size: '{runs[0]}', expected {data.Length} bytes");

            var job = await alice.GetJobAsync(id);
            Assert.True(job.Status == HttpStatusCode.OK, $"job {id}: {job}");
            Assert.True(job.Result.GetProperty("submitRetries").GetInt32() >= 1, $"job {id}: {job}");
            Assert.Equal("FINISHED", job.Result.GetProperty("remoteOutcome").GetString());
        }

        Assert.Equal(JobCount, lines.Length);
        var listed = await alice.ListAsync("?limit=100");
        Assert.Equal(JobCount, listed.Result.EnumerateArray().Count(item => tags.ContainsKey(item.GetProperty("id").GetString()!)));
    }

    [Fact]
    public async Task A_graceful_stop_exits_promptly_and_a_running_job_finishes_after_the_restart()
    {
        await using var files = await TestHttpFileServer.StartAsync();
        await using var service = await AloeServiceProcess.StartAsync(E2eCatalog.Write);
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");
        var counts = LocalLayout.FolderWritableByJobs(Path.Combine(service.DataDir, "markers"));
        var tag = $"graceful-{Guid.NewGuid():N}";
        var id = await alice.SubmitOkAsync(new
        {
            name = "graceful", appId = E2eCatalog.MarkerApp, archive = false,
            inputs = new { data = files.Add("small.txt", "abc"u8.ToArray()) }, parameters = new { tag, dir = counts },
        });
        await alice.WaitForStatusAsync(id, status => status == "RUNNING", PhaseTimeout, "RUNNING");

        await service.StopAsync(); // SIGTERM; fails unless the process exits within its timeout
        await service.RestartAsync();

        var final = await alice.WaitForStatusAsync(id, JobsClient.TerminalStatuses.Contains, RecoveryTimeout, "a terminal status after the restart");
        Assert.True(final == "FINISHED", $"job {id} ended {final}: {await alice.DescribeHistoryAsync(id)}\n{service.Diagnostics()}");
        Assert.Equal([$"{tag} 3"], File.ReadAllLines(Path.Combine(counts, E2eCatalog.MarkerCountsFile)));
        Assert.Equal(1, (await alice.HistoryStatusesAsync(id)).Count(status => status == "RUNNING"));
    }

    private static async Task<Dictionary<string, string>> StatusesInDatabaseAsync(AloeServiceProcess service)
    {
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT uuid, status FROM aloe_jobs", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            statuses[reader.GetGuid(0).ToString()] = reader.GetString(1);
        }

        return statuses;
    }

    private static string Describe(Dictionary<string, string> statuses) =>
        string.Join(", ", statuses.Values.GroupBy(status => status).OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => $"{group.Key} × {group.Count()}"));
}
