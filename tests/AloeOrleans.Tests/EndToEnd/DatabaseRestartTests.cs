using System.Net;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>
/// The database goes away under a running service and comes back: while it is down the API answers 503 and stores
/// nothing; jobs caught mid-flight (one mid-download) continue when it returns, and every acknowledged job finishes.
/// Its own service and its own PostgreSQL, since it stops the database.
/// </summary>
[NeedsServers]
public sealed class DatabaseRestartTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Acknowledged_jobs_survive_a_database_restart_and_nothing_is_stored_while_it_is_down()
    {
        await using var database = await PrivatePostgres.StartAsync();
        await using var files = await TestHttpFileServer.StartAsync();
        await using var service = await AloeServiceProcess.StartAsync(adminConnectionString: database.AdminConnectionString);
        using var alice = service.ClientFor("dev", "alice");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowInput = files.AddGated("slow.txt", "one two three\n"u8.ToArray(), gate.Task);
        var fastInput = files.Add("fast.txt", "four five\n"u8.ToArray());

        object Job(string input) => new
        {
            name = "restart",
            appId = "wc-1.0",
            archive = true,
            archivePath = "",
            inputs = new { inputFile = input },
            parameters = new { mode = "words" },
        };

        var stalled = new[] { await alice.SubmitOkAsync(Job(slowInput)), await alice.SubmitOkAsync(Job(slowInput)) };
        var finishedBefore = await alice.SubmitOkAsync(Job(fastInput));
        Assert.Equal("FINISHED", await alice.WaitForTerminalAsync(finishedBefore, Deadline));
        foreach (var id in stalled)
        {
            await alice.WaitForStatusAsync(id, status => status == "STAGING_INPUTS", Deadline, "STAGING_INPUTS (download held open)");
        }

        await database.StopAsync();

        var refused = await alice.SubmitAsync(Job(fastInput));
        Assert.True(refused.Status == HttpStatusCode.ServiceUnavailable, $"submit while the database is down: {refused}");
        Assert.Contains("database", refused.Message, StringComparison.OrdinalIgnoreCase);
        var read = await alice.GetJobAsync(finishedBefore);
        Assert.True(read.Status == HttpStatusCode.ServiceUnavailable, $"read while the database is down: {read}");
        using (var health = new HttpClient { BaseAddress = service.BaseAddress })
        {
            var ready = await health.GetAsync("health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }

        // The held downloads complete while the database is still down: the jobs cannot record it yet.
        gate.SetResult();
        await database.StartAgainAsync();

        foreach (var id in stalled)
        {
            Assert.Equal("FINISHED", await alice.WaitForTerminalAsync(id, Deadline));
        }

        var after = await alice.SubmitOkAsync(Job(fastInput));
        Assert.Equal("FINISHED", await alice.WaitForTerminalAsync(after, Deadline));

        // Four acknowledged submissions, four rows: the refused one left nothing behind.
        Assert.Equal(4, await service.CountRowsAsync("aloe_jobs"));
        var archive = Path.Combine(LocalLayout.Storage(service.DataDir), "alice", "archive", "jobs");
        foreach (var id in stalled)
        {
            Assert.Equal("3", (await File.ReadAllTextAsync(Path.Combine(archive, $"job-{id}", "wc.txt"))).Trim());
        }
    }
}
