using System.Globalization;
using System.Net;
using Xunit;
using static AloeOrleans.Tests.EndToEnd.Queues.QueueImport;

namespace AloeOrleans.Tests.EndToEnd.Queues;

/// <summary>
/// Routing over HTTP (docs/queues.md, "Routing"): queues imported into the running service, jobs submitted through
/// /jobs/v2, each job's <c>tenantQueue</c> read back: a big queue for nodeCount &gt; 1, an owner IN (...) queue, a
/// time-of-day queue, a queue that is never true, and the DefaultQueue for the rest.
/// </summary>
[NeedsServers]
[Collection(QueuesCollection.Name)]
public sealed class QueueRoutingEndToEndTests(QueuesServiceFixture fixture)
{
    private static readonly TimeSpan EndTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Each_job_goes_to_the_first_queue_whose_filter_is_true()
    {
        var service = fixture.Service;
        // The hour at submission is this one or, at worst, the next; "never" is twelve hours away.
        var hour = DateTimeOffset.UtcNow.Hour;
        var hours = string.Create(CultureInfo.InvariantCulture, $"{hour}, {(hour + 1) % 24}");
        var farAway = ((hour + 12) % 24).ToString(CultureInfo.InvariantCulture);
        await ImportOkAsync(service,
            Queue("DefaultQueue", 1, "TRUE"),
            Queue("never", 50, $"hour = {farAway}"),
            Queue("big", 40, "nodeCount > 1"),
            Queue("team", 30, "owner IN ('bob', 'carol')"),
            Queue("daytime", 20, $"hour IN ({hours}) AND name LIKE 'timed%'"));

        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");
        using var bob = service.ClientFor(E2eCatalog.Tenant, "bob");
        var cases = new List<(JobsClient Client, string Id, string Expected)>
        {
            (alice, await alice.SubmitOkAsync(Echo("wide", nodeCount: 2)), "big"),
            (bob, await bob.SubmitOkAsync(Echo("wide-bob", nodeCount: 3)), "big"),
            (bob, await bob.SubmitOkAsync(Echo("plain-bob")), "team"),
            (alice, await alice.SubmitOkAsync(Echo("timed-run")), "daytime"),
            (alice, await alice.SubmitOkAsync(Echo("plain")), "DefaultQueue"),
        };

        foreach (var (client, id, expected) in cases)
        {
            Assert.Equal("FINISHED", await client.WaitForTerminalAsync(id, EndTimeout));
            var job = await client.GetJobAsync(id);
            Assert.True(job.Status == HttpStatusCode.OK, job.ToString());
            Assert.Equal(Name(expected), job.Result.GetProperty("tenantQueue").GetString());
            var history = await client.GetHistoryAsync(id);
            var accepted = history.Result.EnumerateArray().First();
            Assert.Equal("ACCEPTED", accepted.GetProperty("status").GetString());
            Assert.Equal($"Job accepted into tenant queue {Name(expected)}.", accepted.GetProperty("description").GetString());
        }
    }

    [Fact]
    public async Task A_new_queue_takes_jobs_within_a_second_and_a_removed_one_loses_none()
    {
        var service = fixture.Service;
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");
        await ImportOkAsync(service, Queue("DefaultQueue", 1, "TRUE"));
        var ids = new List<string> { await alice.SubmitOkAsync(Echo("special-before")) };

        // The silos apply the import when its notification arrives, within a second: from then on "special" takes the job.
        await ImportOkAsync(service, Queue("DefaultQueue", 1, "TRUE"), Queue("special", 5, "name LIKE 'special%'"));
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(10);
        string routedTo;
        do
        {
            var submitted = await alice.SubmitAsync(Echo("special-during"));
            Assert.True(submitted.Status == HttpStatusCode.Created, submitted.ToString());
            ids.Add(submitted.Result.GetProperty("id").GetString()!);
            routedTo = submitted.Result.GetProperty("tenantQueue").GetString()!;
            Assert.True(routedTo == Name("special") || DateTimeOffset.UtcNow < deadline, $"still routed to {routedTo} after 10 s");
        }
        while (routedTo != Name("special"));

        // Removed: a submission right after is accepted all the same (routed again, or moved if it raced the removal).
        await ImportOkAsync(service, Queue("DefaultQueue", 1, "TRUE"));
        var after = await alice.SubmitAsync(Echo("special-after"));
        Assert.True(after.Status == HttpStatusCode.Created, after.ToString());
        ids.Add(after.Result.GetProperty("id").GetString()!);

        foreach (var id in ids)
        {
            Assert.Equal("FINISHED", await alice.WaitForTerminalAsync(id, EndTimeout));
        }

        Assert.Equal(Name("DefaultQueue"), (await alice.GetJobAsync(ids[0])).Result.GetProperty("tenantQueue").GetString());
        Assert.Equal(Name("DefaultQueue"), (await alice.GetJobAsync(ids[^1])).Result.GetProperty("tenantQueue").GetString());
        Assert.Contains($"Job accepted into tenant queue {Name("special")}.", await alice.DescribeHistoryAsync(ids[^2]), StringComparison.Ordinal);
    }

    internal static object Echo(string name, int nodeCount = 1) => new
    {
        name, appId = E2eCatalog.EchoApp, archive = false, nodeCount, parameters = new { text = "hello" },
    };
}
