using System.Net;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>
/// SIGKILL of the service with 20 jobs in flight, then a restart on the same database and data folder: every job
/// ends, none is lost, none runs twice. Its own service, since it kills it.
/// </summary>
public sealed class DurabilityTests(ITestOutputHelper output)
{
    private const int JobCount = 20;
    private static readonly TimeSpan RunningTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Jobs_in_flight_when_the_service_is_killed_all_finish_exactly_once_after_a_restart()
    {
        await using var service = await AloeServiceProcess.StartAsync(E2eCatalog.Write);
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");
        var counts = Path.Combine(service.DataDir, "markers");
        Directory.CreateDirectory(counts);
        var tags = Enumerable.Range(0, JobCount).Select(i => $"tag-{i:00}-{Guid.NewGuid():N}").ToList();

        Task<string> Submit(string tag) => alice.SubmitOkAsync(new
        {
            name = tag[..6], appId = E2eCatalog.MarkerApp, archive = false, parameters = new { tag, dir = counts },
        });

        // First half: wait until one runs, so the kill meets launched apps; second half: just accepted at the kill.
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags.Take(JobCount / 2))
        {
            ids[await Submit(tag)] = tag;
        }

        await alice.WaitForStatusAsync(ids.Keys.First(), status => status is "RUNNING" or "CLEANING_UP" || JobsClient.TerminalStatuses.Contains(status),
            RunningTimeout, "RUNNING");
        foreach (var (id, tag) in (await Task.WhenAll(tags.Skip(JobCount / 2).Select(async tag => (await Submit(tag), tag)))))
        {
            ids[id] = tag;
        }

        await service.KillAsync();
        var atKill = await StatusesInDatabaseAsync(service);
        output.WriteLine($"Statuses at the kill: {Describe(atKill)}");
        Assert.Equal(JobCount, atKill.Count);
        Assert.True(atKill.Values.Count(status => !JobsClient.TerminalStatuses.Contains(status)) >= JobCount / 2,
            $"the kill came too late to test recovery: {Describe(atKill)}");
        Assert.True(atKill.Values.Distinct().Count() >= 2, $"all jobs were in one state at the kill: {Describe(atKill)}");

        await service.RestartAsync();

        foreach (var id in ids.Keys)
        {
            var final = await alice.WaitForStatusAsync(id, JobsClient.TerminalStatuses.Contains, RecoveryTimeout, "a terminal status after the restart");
            Assert.True(final == "FINISHED",
                $"job {id} (at the kill: {atKill[id]}) ended {final}: {await alice.DescribeHistoryAsync(id)}\n{service.Diagnostics()}");
        }

        var lines = File.ReadAllLines(Path.Combine(counts, E2eCatalog.MarkerCountsFile));
        foreach (var (id, tag) in ids)
        {
            var runs = lines.Count(line => line == tag);
            Assert.True(runs == 1, $"job {id} (at the kill: {atKill[id]}) ran {runs} time(s): {await alice.DescribeHistoryAsync(id)}");

            var job = await alice.GetJobAsync(id);
            Assert.True(job.Status == HttpStatusCode.OK, $"job {id}: {job}");
            Assert.True(job.Result.GetProperty("submitRetries").GetInt32() >= 1, $"job {id}: {job}");
            Assert.Equal("FINISHED", job.Result.GetProperty("remoteOutcome").GetString());
        }

        Assert.Equal(JobCount, lines.Length);
        var listed = await alice.ListAsync("?limit=100");
        Assert.Equal(JobCount, listed.Result.EnumerateArray().Count(item => ids.ContainsKey(item.GetProperty("id").GetString()!)));
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
