using System.Net;
using Npgsql;
using Xunit;
using static AloeOrleans.Tests.EndToEnd.Queues.QueueImport;

namespace AloeOrleans.Tests.EndToEnd.Queues;

/// <summary>
/// <c>import-queues</c> against a running service's database (docs/queues.md, "Defining queues"): a second run of the
/// same files is all "unchanged", a bad file changes nothing at all, a dry run changes nothing, and removing a queue
/// that holds jobs is refused unless <c>--drain-to</c> says where they go, where they then run.
/// </summary>
[NeedsServers]
[Collection(QueuesCollection.Name)]
public sealed class QueueImportEndToEndTests(QueuesServiceFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private static readonly object[] Definitions =
    [
        Queue("DefaultQueue", 1, "TRUE", numWorkers: 50, maxMessages: 5000),
        Queue("big", 30, "nodeCount > 1", numWorkers: 4, maxMessages: 500),
        Queue("team", 20, "owner IN ('alice', 'bob')", numWorkers: 20),
    ];

    [Fact]
    public async Task Importing_the_same_files_twice_reports_everything_unchanged()
    {
        var service = fixture.Service;
        var first = WriteFile(service, "first.json", Definitions[..2]);
        var second = WriteFile(service, "second.json", Definitions[2..]);
        await ImportOkAsync(service, Queue("DefaultQueue", 1, "TRUE"));

        var created = await RunAsync(service, first, second);
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains($"updated   {Name("DefaultQueue")} (numWorkers 10 → 50, maxMessages 100 → 5000)", created.Output, StringComparison.Ordinal);
        Assert.Contains($"created   {Name("big")} (priority 30, numWorkers 4, maxMessages 500)", created.Output, StringComparison.Ordinal);
        Assert.EndsWith("2 created, 1 updated, 0 unchanged, 0 removed\n", created.Output, StringComparison.Ordinal);

        var again = await RunAsync(service, first, second);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(
            $"unchanged {Name("big")}\nunchanged {Name("team")}\nunchanged {Name("DefaultQueue")}\n0 created, 0 updated, 3 unchanged, 0 removed\n",
            again.Output);
    }

    [Fact]
    public async Task A_bad_file_or_a_dry_run_changes_nothing()
    {
        var service = fixture.Service;
        await ImportOkAsync(service, Definitions);
        var before = await QueueRowsAsync(service);

        var good = WriteFile(service, "good.json", Queue("DefaultQueue", 1, "TRUE"), Queue("new", 40, "appId LIKE 'namd-%'"));
        var bad = WriteFile(service, "bad.json", Queue("broken", 50, "owner = 1"), Queue("clash", 40, "TRUE"));
        var refused = await RunAsync(service, good, bad);

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("", refused.Output);
        Assert.Contains($"{bad}: queue {Name("broken")}: filter does not parse: '=' compares a string with a number", refused.Error, StringComparison.Ordinal);
        Assert.Contains($"{bad}: queue {Name("clash")}: priority 40 is also the priority of {Name("new")} ({good})", refused.Error, StringComparison.Ordinal);
        Assert.EndsWith("import-queues: nothing was changed\n", refused.Error, StringComparison.Ordinal);
        Assert.Equal(before, await QueueRowsAsync(service));

        var schema = await RunAsync(service, WriteFile(service, "schema.json", new { name = Name("x"), tenantId = "dev", priority = 0 }));
        Assert.Equal(1, schema.ExitCode);
        Assert.Contains($"schema.json: queue {Name("x")}: priority: 0 should be at least 1", schema.Error, StringComparison.Ordinal);
        Assert.Contains($"schema.json: queue {Name("x")}: Required properties", schema.Error, StringComparison.Ordinal);
        Assert.Equal(before, await QueueRowsAsync(service));

        var dryRun = await RunAsync(service, good, "--dry-run");
        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Contains($"created   {Name("new")}", dryRun.Output, StringComparison.Ordinal);
        Assert.Contains($"removed   {Name("big")}", dryRun.Output, StringComparison.Ordinal);
        Assert.EndsWith("(dry run: nothing was changed)\n", dryRun.Output, StringComparison.Ordinal);
        Assert.Equal(before, await QueueRowsAsync(service));
    }

    [Fact]
    public async Task Removing_a_queue_with_waiting_jobs_needs_drain_to_and_the_jobs_then_run_in_the_new_queue()
    {
        var service = fixture.Service;
        await ImportOkAsync(service, Queue("DefaultQueue", 1, "TRUE"), Queue("old", 10, "name LIKE 'old-%'", numWorkers: 1));
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");
        var sleep = (string name) => new { name, appId = E2eCatalog.SleepApp, archive = false };
        var running = await alice.SubmitOkAsync(sleep("old-running"));
        var ids = new List<string> { running };
        try
        {
            await alice.WaitForStatusAsync(running, status => status == "RUNNING", Timeout, "RUNNING");
            var waiting = await alice.SubmitOkAsync(sleep("old-waiting"));
            ids.Add(waiting);
            await alice.WaitForStatusAsync(waiting, status => status == "PENDING", Timeout, "PENDING behind the running one");

            var without = await RunAsync(service, WriteFile(service, "without-old.json", Queue("DefaultQueue", 1, "TRUE"), Queue("fresh", 10, "FALSE")));
            Assert.Equal(1, without.ExitCode);
            Assert.Contains($"command line: queue {Name("old")}: no file defines this queue of tenant dev, so it would be removed, but it holds 2 unfinished job(s)",
                without.Error, StringComparison.Ordinal);
            Assert.Equal(Name("old"), (await alice.GetJobAsync(waiting)).Result.GetProperty("tenantQueue").GetString());

            var drained = await RunAsync(service, WriteFile(service, "drain.json", Queue("DefaultQueue", 1, "TRUE"), Queue("fresh", 10, "FALSE")),
                "--drain-to", Name("fresh"));
            Assert.True(drained.ExitCode == 0, drained.ToString());
            Assert.Contains($"removed   {Name("old")} (2 unfinished job(s) moved to {Name("fresh")})", drained.Output, StringComparison.Ordinal);

            // The waiting job runs in its new queue (10 workers) without waiting for the running one.
            await alice.WaitForStatusAsync(waiting, status => status == "RUNNING", TimeSpan.FromSeconds(30), "RUNNING in queue fresh");
            foreach (var id in ids)
            {
                var job = await alice.GetJobAsync(id);
                Assert.Equal(Name("fresh"), job.Result.GetProperty("tenantQueue").GetString());
                Assert.Contains("TENANT_QUEUE_CHANGED", await alice.HistoryEventsAsync(id));
            }

            using var admin = service.ClientFor(E2eCatalog.Tenant, "root", "Internal/aloe-admin");
            var queues = await admin.GetAsync("jobs/v2/queues");
            Assert.DoesNotContain(queues.Result.EnumerateArray(), queue => queue.GetProperty("name").GetString() == Name("old"));
            Assert.Equal(2, (await QueueLimitsEndToEndTests.QueueAsync(admin, "fresh")).GetProperty("active").GetInt32());
        }
        finally
        {
            foreach (var id in ids)
            {
                await alice.CancelAsync(id);
            }

            foreach (var id in ids)
            {
                Assert.Equal("STOPPED", await alice.WaitForTerminalAsync(id, Timeout));
            }
        }
    }

    private static async Task<string> QueueRowsAsync(AloeServiceProcess service)
    {
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT string_agg(concat_ws('|', name, tenant_id, priority, filter, num_workers, max_messages, last_updated), E'\\n' ORDER BY name) FROM aloe_queues",
            connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
