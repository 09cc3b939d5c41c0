using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Notifications;

/// <summary>
/// The event stream across silos (docs/notifications.md, "The event stream"): a client streaming from one silo sees,
/// live, the events of jobs submitted to and run by the other, through the Orleans stream signal (the table is polled
/// only every 30 s here, the heartbeat every 10 s, so a live event seen within 8 s came through the signal).
/// </summary>
[NeedsServers]
public sealed class EventStreamAcrossSilosTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_stream_on_one_silo_gets_the_other_silos_events_live()
    {
        var settings = NotificationServiceFixture.Settings(RandomNumberGenerator.GetBytes(32));
        await using var first = await AloeServiceProcess.StartAsync(E2eCatalog.Write, environment: settings);
        await using var second = await AloeServiceProcess.StartPeerAsync(first, settings);
        var user = $"alice-{Guid.NewGuid():N}"[..20];
        using var viaFirst = first.ClientFor(E2eCatalog.Tenant, user);
        await using var stream = await EventStreamReader.OpenAsync(second.BaseAddress, second.TokenFor(E2eCatalog.Tenant, user), "jobs/v2/events");
        Assert.Equal(HttpStatusCode.OK, stream.Status);

        var ids = new List<string>();
        for (var index = 0; index < 4; index++)
        {
            ids.Add(await viaFirst.SubmitOkAsync(new { name = $"across-{index}", appId = E2eCatalog.SleepApp, archive = false }));
        }

        foreach (var id in ids)
        {
            await viaFirst.WaitForStatusAsync(id, status => status == "RUNNING", Timeout, "RUNNING");
        }

        await DrainAsync(stream, ids, "RUNNING");

        // Each cancellation is written by whichever silo holds the job; the stream on the second silo sees it within seconds.
        foreach (var id in ids)
        {
            await viaFirst.CancelAsync(id);
            var live = await stream.ReadUntilAsync(e => e.Event == "STOPPED" && JobOf(e) == id,
                TimeSpan.FromSeconds(NotificationServiceFixture.HeartbeatSeconds - 2), $"STOPPED of {id}, live on the other silo");
            Assert.All(live, e => Assert.Contains(JobOf(e), ids));
        }
    }

    /// <summary>Reads the stream until it has shown <paramref name="status"/> for every job.</summary>
    private static async Task DrainAsync(EventStreamReader stream, IReadOnlyCollection<string> ids, string status)
    {
        var pending = new HashSet<string>(ids);
        while (pending.Count > 0)
        {
            var next = await stream.ReadUntilAsync(e => e.Event == status, Timeout, $"{status} of every job");
            pending.Remove(JobOf(next[^1]));
        }
    }

    private static string JobOf(ServerSentEvent e) => JsonDocument.Parse(e.Data!).RootElement.GetProperty("jobId").GetString()!;
}
