using System.Net;
using System.Text.Json;
using Xunit;
using static AloeOrleans.Tests.EndToEnd.Queues.QueueImport;

namespace AloeOrleans.Tests.EndToEnd.Queues;

/// <summary>
/// Each queue applies its own limits (docs/queues.md, "Admission" and "Worker slots"): a sampler never sees more than
/// a queue's numWorkers of its jobs in active processing, a full queue answers 429 naming itself while other queues
/// still accept, and limits changed by an import apply to the running service within seconds.
/// </summary>
[NeedsServers]
[Collection(QueuesCollection.Name)]
public sealed class QueueLimitsEndToEndTests(QueuesServiceFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private static readonly HashSet<string> ActiveStatuses = new(StringComparer.Ordinal)
    {
        "PROCESSING_INPUTS", "STAGING_INPUTS", "STAGED", "STAGING_JOB", "SUBMITTING", "QUEUED", "RUNNING", "CLEANING_UP", "ARCHIVING",
    };

    [Fact]
    public async Task A_sampler_never_sees_more_active_jobs_than_the_queues_workers()
    {
        const int Workers = 2;
        var service = fixture.Service;
        await ImportOkAsync(service, Queue("DefaultQueue", 1, "TRUE"), Queue("pair", 10, "name LIKE 'pair-%'", numWorkers: Workers));
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");
        using var admin = service.ClientFor(E2eCatalog.Tenant, "root", "Internal/aloe-admin");
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await alice.SubmitOkAsync(new { name = $"pair-{i}", appId = E2eCatalog.OutputsApp, archive = false, parameters = new { seconds = "2" } }));
        }

        var most = 0;
        var mostSeenByQueue = 0;
        var samples = 0;
        var deadline = DateTimeOffset.UtcNow + Timeout;
        while (true)
        {
            var statuses = await alice.StatusesOfAsync(ids, "ACCEPTED");
            var active = statuses.Count(ActiveStatuses.Contains);
            Assert.True(active <= Workers, $"{active} jobs of queue pair active at once: {string.Join(", ", statuses)}");
            most = Math.Max(most, active);
            var queue = await QueueAsync(admin, "pair");
            var activeInQueue = queue.GetProperty("active").GetInt32();
            Assert.True(activeInQueue <= Workers, $"GET /jobs/v2/queues shows {activeInQueue} active: {queue}");
            mostSeenByQueue = Math.Max(mostSeenByQueue, activeInQueue);
            samples++;
            if (statuses.All(JobsClient.TerminalStatuses.Contains))
            {
                Assert.All(statuses, status => Assert.Equal("FINISHED", status));
                break;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"jobs did not end: {string.Join(", ", statuses)}\n{service.Diagnostics()}");
            await Task.Delay(100);
        }

        // The limit was reached (it was the limit that held jobs back, not chance), and the sampler looked many times.
        Assert.Equal(Workers, most);
        Assert.Equal(Workers, mostSeenByQueue);
        Assert.True(samples > 10, $"only {samples} samples");
    }

    [Fact]
    public async Task A_full_queue_answers_429_naming_itself_and_a_raised_limit_applies_at_once()
    {
        var service = fixture.Service;
        await ImportOkAsync(service, Queue("DefaultQueue", 1, "TRUE"), Queue("tiny", 10, "name LIKE 'tiny-%'", numWorkers: 1, maxMessages: 2));
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");
        using var admin = service.ClientFor(E2eCatalog.Tenant, "root", "Internal/aloe-admin");
        var sleep = (string name) => new { name, appId = E2eCatalog.SleepApp, archive = false };
        var ids = new List<string>();
        try
        {
            ids.Add(await alice.SubmitOkAsync(sleep("tiny-0")));
            await alice.WaitForStatusAsync(ids[0], status => status == "RUNNING", Timeout, "RUNNING");
            ids.Add(await alice.SubmitOkAsync(sleep("tiny-1")));
            ids.Add(await alice.SubmitOkAsync(sleep("tiny-2")));

            // One running, two waiting: the backlog is at maxMessages.
            var refused = await alice.SubmitAsync(sleep("tiny-3"));
            Assert.True(refused.Status == HttpStatusCode.TooManyRequests, refused.ToString());
            Assert.Contains($"Tenant queue {Name("tiny")} is full", refused.Message, StringComparison.Ordinal);
            // Another queue of the tenant still accepts.
            var elsewhere = await alice.SubmitOkAsync(sleep("other-0"));
            ids.Add(elsewhere);

            var queue = await QueueAsync(admin, "tiny");
            Assert.Equal((2, 1, 1, 2), (queue.GetProperty("waiting").GetInt32(), queue.GetProperty("active").GetInt32(),
                queue.GetProperty("numWorkers").GetInt32(), queue.GetProperty("maxMessages").GetInt32()));

            // Three workers: the two waiting jobs start without a restart, long before the 10-minute reconcile.
            var started = DateTimeOffset.UtcNow;
            await ImportOkAsync(service, Queue("DefaultQueue", 1, "TRUE"), Queue("tiny", 10, "name LIKE 'tiny-%'", numWorkers: 3, maxMessages: 2));
            foreach (var id in ids.Take(3))
            {
                await alice.WaitForStatusAsync(id, status => status == "RUNNING", TimeSpan.FromSeconds(30), "RUNNING after the limit was raised");
            }

            Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(30));
            Assert.Equal(3, (await QueueAsync(admin, "tiny")).GetProperty("active").GetInt32());
        }
        finally
        {
            foreach (var id in ids)
            {
                await alice.CancelAsync(id);
            }

            foreach (var id in ids)
            {
                await alice.WaitForTerminalAsync(id, Timeout);
            }
        }
    }

    /// <summary>One queue of tenant dev from <c>GET /jobs/v2/queues</c>.</summary>
    internal static async Task<JsonElement> QueueAsync(JobsClient admin, string queue)
    {
        var response = await admin.GetAsync("jobs/v2/queues");
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        return response.Result.EnumerateArray().Single(item => item.GetProperty("name").GetString() == Name(queue));
    }

}
