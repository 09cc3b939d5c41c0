using System.Net;
using System.Text.Json;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Notifications;

/// <summary>
/// <c>GET /jobs/v2/{id}/events</c> and <c>GET /jobs/v2/events</c> through the real service (docs/notifications.md, "The
/// event stream"): history then live events, nothing missed across a reconnect with Last-Event-ID, heartbeats, only the
/// caller's own jobs on the per-user stream, and the usual 401/404/400 answers. The fixture polls the table only every
/// 30 s, so an event that arrives sooner came through the Orleans stream signal.
/// </summary>
[NeedsServers]
public sealed class EventStreamTests(NotificationServiceFixture fixture) : IClassFixture<NotificationServiceFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_job_stream_replays_the_history_then_sends_each_event_as_it_happens_and_resumes_without_gaps()
    {
        var user = Unique("alice");
        using var alice = fixture.Service.ClientFor(E2eCatalog.Tenant, user);
        var token = fixture.Service.TokenFor(E2eCatalog.Tenant, user);
        var id = await alice.SubmitOkAsync(new { name = "streamed", appId = E2eCatalog.SleepApp, archive = false });
        await alice.WaitForStatusAsync(id, status => status == "RUNNING", Timeout, "RUNNING");

        List<ServerSentEvent> first;
        await using (var stream = await EventStreamReader.OpenAsync(fixture.Service.BaseAddress, token, $"jobs/v2/{id}/events"))
        {
            Assert.Equal(HttpStatusCode.OK, stream.Status);
            Assert.Equal("text/event-stream", stream.ContentType);
            first = await stream.ReadUntilAsync(e => e.Event == "RUNNING", Timeout, "the history up to RUNNING");
        }

        // While nobody listens, the job is cancelled: the reconnect must still get those events.
        await alice.CancelAsync(id);
        Assert.Equal("STOPPED", await alice.WaitForTerminalAsync(id, Timeout));
        await using (var resumed = await EventStreamReader.OpenAsync(fixture.Service.BaseAddress, token, $"jobs/v2/{id}/events", first[^1].Id))
        {
            var rest = await resumed.ReadUntilAsync(e => e.Event == "STOPPED", Timeout, "the events after the reconnect");
            var all = first.Concat(rest).ToList();
            var history = await alice.HistoryEventsAsync(id);
            Assert.Equal(history.Take(all.Count), all.Select(e => e.Event));
            var ids = all.Select(e => JsonDocument.Parse(e.Data!).RootElement.GetProperty("id").GetInt64()).ToList();
            Assert.Equal(ids.Order(), ids);
            Assert.Equal(ids.Count, ids.Distinct().Count());
            foreach (var item in all)
            {
                using var data = JsonDocument.Parse(item.Data!);
                Assert.Equal(id, data.RootElement.GetProperty("jobId").GetString());
                Assert.Equal(item.Event, data.RootElement.GetProperty("status").GetString());
                // The SSE id is the event's place in the feed: its transaction, then its id.
                Assert.Matches($"^[0-9]+-{data.RootElement.GetProperty("id").GetInt64()}$", item.Id);
            }
        }
    }

    [Fact]
    public async Task A_live_event_arrives_through_the_stream_signal_before_any_poll()
    {
        var user = Unique("alice");
        using var alice = fixture.Service.ClientFor(E2eCatalog.Tenant, user);
        var id = await alice.SubmitOkAsync(new { name = "live", appId = E2eCatalog.SleepApp, archive = false });
        await alice.WaitForStatusAsync(id, status => status == "RUNNING", Timeout, "RUNNING");
        await using var stream = await EventStreamReader.OpenAsync(fixture.Service.BaseAddress, fixture.Service.TokenFor(E2eCatalog.Tenant, user), $"jobs/v2/{id}/events");
        await stream.ReadUntilAsync(e => e.Event == "RUNNING", Timeout, "the history up to RUNNING");

        await alice.CancelAsync(id);

        // Well before the 30 s poll and the heartbeat that would also read the table.
        var live = await stream.ReadUntilAsync(e => e.Event == "STOPPED", TimeSpan.FromSeconds(NotificationServiceFixture.HeartbeatSeconds - 2), "STOPPED, live");
        Assert.Equal("STOPPED", live[^1].Event);
    }

    [Fact]
    public async Task The_per_user_stream_carries_the_callers_jobs_only_and_heartbeats_when_idle()
    {
        var user = Unique("alice");
        using var alice = fixture.Service.ClientFor(E2eCatalog.Tenant, user);
        using var bob = fixture.Service.ClientFor(E2eCatalog.Tenant, Unique("bob"));
        using var sameNameElsewhere = fixture.Service.ClientFor("other", user);
        await using var stream = await EventStreamReader.OpenAsync(fixture.Service.BaseAddress, fixture.Service.TokenFor(E2eCatalog.Tenant, user), "jobs/v2/events");
        Assert.Equal(HttpStatusCode.OK, stream.Status);

        var heartbeat = await stream.NextAsync(TimeSpan.FromSeconds(NotificationServiceFixture.HeartbeatSeconds + 10), "a heartbeat on an idle stream");
        Assert.Equal("heartbeat", heartbeat.Comment);

        var bobs = await bob.SubmitOkAsync(new { name = "not yours", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "b" } });
        var elsewhere = await sameNameElsewhere.SubmitAsync(new { name = "not yours either", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "c" } });
        var mine = await alice.SubmitOkAsync(new { name = "mine", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "a" } });
        Assert.Equal("FINISHED", await alice.WaitForTerminalAsync(mine, Timeout));
        Assert.Equal("FINISHED", await bob.WaitForTerminalAsync(bobs, Timeout));

        var events = await stream.ReadUntilAsync(e => e.Event == "FINISHED", Timeout, "my job's events");
        Assert.All(events, e => Assert.Equal(mine, JsonDocument.Parse(e.Data!).RootElement.GetProperty("jobId").GetString()));
        Assert.Equal((await alice.HistoryEventsAsync(mine)).Take(events.Count), events.Select(e => e.Event));
        Assert.NotEqual(HttpStatusCode.InternalServerError, elsewhere.Status);
    }

    [Fact]
    public async Task Other_users_tenants_and_broken_resume_ids_are_refused()
    {
        var user = Unique("alice");
        using var alice = fixture.Service.ClientFor(E2eCatalog.Tenant, user);
        var id = await alice.SubmitOkAsync(new { name = "private", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "a" } });
        await alice.WaitForTerminalAsync(id, Timeout);

        foreach (var (tenant, who) in new[] { (E2eCatalog.Tenant, Unique("bob")), ("other", user) })
        {
            await using var refused = await EventStreamReader.OpenAsync(fixture.Service.BaseAddress, fixture.Service.TokenFor(tenant, who), $"jobs/v2/{id}/events");
            Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        }

        using var anonymous = new JobsClient(fixture.Service.BaseAddress, token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"jobs/v2/{id}/events")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("jobs/v2/events")).Status);
        foreach (var broken in new[] { "-1", "abc", "1e3", "17", "1-", "-", "1-x", "99999999999999999999999-1", "1--1" })
        {
            await using var bad = await EventStreamReader.OpenAsync(fixture.Service.BaseAddress, fixture.Service.TokenFor(E2eCatalog.Tenant, user), $"jobs/v2/{id}/events", broken);
            Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        }
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..20];
}
