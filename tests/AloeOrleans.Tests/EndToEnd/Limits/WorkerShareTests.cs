using System.Net;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Limits;

/// <summary>
/// One user cannot take every worker of the tenant queue: with 4 workers, alice's ten jobs hold two and wait in
/// PENDING, and bob's job starts while they wait (before, alice's oldest four took every slot and bob waited).
/// </summary>
[NeedsServers]
[Collection(LimitsCollection.Name)]
public sealed class WorkerShareTests(LimitsServiceFixture fixture)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Alices_ten_jobs_leave_room_for_bobs_job_which_starts_while_hers_wait()
    {
        var service = fixture.Service;
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");
        using var bob = service.ClientFor(E2eCatalog.Tenant, "bob");
        var sleep = new { name = "sleep", appId = E2eCatalog.SleepApp, archive = false };
        var alices = new List<string>();
        string? bobs = null;
        try
        {
            for (var i = 0; i < 10; i++)
            {
                alices.Add(await alice.SubmitOkAsync(sleep));
            }

            // Alice holds her share (half of the 4 workers): two of her jobs run, the rest wait.
            await WaitForCountAsync(alice, alices, "RUNNING", LimitsServiceFixture.NumWorkers / 2);
            bobs = await bob.SubmitOkAsync(sleep);
            await bob.WaitForStatusAsync(bobs, status => status == "RUNNING", StartTimeout, "RUNNING while alice's jobs wait");

            var statuses = await alice.StatusesOfAsync(alices);
            Assert.Equal(LimitsServiceFixture.NumWorkers / 2, statuses.Count(status => status == "RUNNING"));
            Assert.Equal(10 - (LimitsServiceFixture.NumWorkers / 2), statuses.Count(status => status == "PENDING"));
        }
        finally
        {
            foreach (var id in alices)
            {
                await alice.CancelAsync(id);
            }

            if (bobs is not null)
            {
                await bob.CancelAsync(bobs);
            }
        }
    }

    private static async Task WaitForCountAsync(JobsClient client, IReadOnlyList<string> ids, string status, int count)
    {
        var deadline = DateTimeOffset.UtcNow + StartTimeout;
        while (true)
        {
            var statuses = await client.StatusesOfAsync(ids);
            if (statuses.Count(s => s == status) >= count)
            {
                return;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"fewer than {count} jobs reached {status}: {string.Join(", ", statuses)}");
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

}
