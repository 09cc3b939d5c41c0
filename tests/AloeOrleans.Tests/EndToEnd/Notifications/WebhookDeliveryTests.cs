using System.Net;
using System.Text.Json;
using AloeOrleans.Grains.Notifications;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Notifications;

/// <summary>
/// Webhooks from the real service to a real receiver (docs/notifications.md): every event of a job in order, macros
/// resolved, signed with the tenant's secret; retries at the policy's times; a dead receiver's notification FAILED,
/// logged, in the history, and redelivered on request; a hanging receiver holds up nobody else.
/// </summary>
[NeedsServers]
public sealed class WebhookDeliveryTests(NotificationServiceFixture fixture) : IClassFixture<NotificationServiceFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Every_event_of_a_job_reaches_a_persistent_star_webhook_in_order_signed_and_with_its_macros()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var owner = Unique("alice");
        using var alice = fixture.Service.ClientFor(E2eCatalog.Tenant, owner);
        var id = await alice.SubmitOkAsync(new
        {
            name = "notify me & you",
            appId = E2eCatalog.EchoApp,
            archive = false,
            parameters = new { text = "hi" },
            notifications = new object[]
            {
                new { @event = "*", persistent = true, url = receiver.Url("hooks/${JOB_ID}/${EVENT}?status=${JOB_STATUS}&name=${JOB_NAME}&owner=${OWNER}&app=${APP_ID}") },
                new { @event = "FINISHED", url = $"{owner}@aloe.test" },
            },
        });
        Assert.Equal("FINISHED", await alice.WaitForTerminalAsync(id, Timeout));

        var mail = await MailDrop.WaitForAsync($"{owner}@aloe.test", message => message.Subject?.Contains(id, StringComparison.Ordinal) == true, Timeout);
        Assert.Equal($"Job {id} received a FINISHED event", mail.Subject);
        Assert.Equal("aloe-jobs@aloe.test", mail.From.Mailboxes.Single().Address);
        foreach (var expectedLine in new[] { "Name: notify me & you", $"Job ID: {id}", $"App ID: {E2eCatalog.EchoApp}", "Status: FINISHED", $"Job URL: {fixture.Service.BaseAddress}jobs/v2/{id}" })
        {
            Assert.Contains(expectedLine, mail.TextBody, StringComparison.Ordinal);
        }

        Assert.Contains("notify me &amp; you", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(id, mail.HtmlBody, StringComparison.Ordinal);

        var expected = (await alice.HistoryEventsAsync(id)).Where(IsNotified).ToList();
        var calls = await receiver.WaitForAsync(received => received.Count >= expected.Count, Timeout, "every event delivered");
        // Every delivery has landed: the history records one NOTIFICATION_DELIVERED each (the webhook's and the e-mail).
        await WaitAsync(async () => (await alice.HistoryEventsAsync(id)).Count(e => e == PostgresNotificationStore.DeliveredEvent) == expected.Count + 1,
            "a NOTIFICATION_DELIVERED history event per delivery");

        Assert.Equal(expected, calls.Select(call => call.Path.Split('/')[3]));
        Assert.Equal(calls.Count, calls.Select(call => call.Header(WebhookChannel.DeliveryHeader)).Distinct().Count());
        var secret = fixture.Secrets.For(E2eCatalog.Tenant);
        foreach (var call in calls)
        {
            Assert.Equal($"/hooks/{id}/{call.Path.Split('/')[3]}", call.Path);
            Assert.Contains("name=notify%20me%20%26%20you", call.Query, StringComparison.Ordinal);
            Assert.Contains($"owner={owner}", call.Query, StringComparison.Ordinal);
            Assert.Contains($"app={E2eCatalog.EchoApp}", call.Query, StringComparison.Ordinal);
            Assert.StartsWith("application/json", call.Header("Content-Type"), StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(call.Header("User-Agent")));
            Assert.True(Guid.TryParse(call.Header(WebhookChannel.DeliveryHeader), out _), call.Header(WebhookChannel.DeliveryHeader));
            Assert.True(Guid.TryParse(call.Header(WebhookChannel.NotificationHeader), out _));
            Assert.True(WebhookSignature.Verify(secret, call.Body, call.Header(WebhookSignature.HeaderName)), "signature");
            Assert.False(WebhookSignature.Verify(fixture.Secrets.For("other"), call.Body, call.Header(WebhookSignature.HeaderName)));
            using var body = JsonDocument.Parse(call.Body);
            Assert.Equal(id, body.RootElement.GetProperty("id").GetString());
            Assert.Equal(owner, body.RootElement.GetProperty("owner").GetString());
        }

        // The status macro is the status the event recorded, even when the job has moved on since.
        Assert.Contains("status=FINISHED", calls[^1].Query, StringComparison.Ordinal);
        Assert.Contains("status=ACCEPTED", calls[0].Query, StringComparison.Ordinal);
        Assert.Single(calls.Select(call => call.Header(WebhookChannel.NotificationHeader)).Distinct());
        Assert.Equal(expected.Count, receiver.Calls.Count);
    }

    [Fact]
    public async Task A_receiver_failing_twice_gets_the_event_on_the_third_try_at_the_policys_times()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = (_, count) => count <= 2 ? 500 : 200;
        using var alice = fixture.Service.ClientFor(E2eCatalog.Tenant, Unique("alice"));
        var id = await alice.SubmitOkAsync(new
        {
            name = "retried",
            appId = E2eCatalog.EchoApp,
            archive = false,
            parameters = new { text = "hi" },
            notifications = new object[]
            {
                new { @event = "FINISHED", url = receiver.Url("done/${JOB_ID}"), policy = new { retryStrategy = "DELAYED", retryRate = 2, retryLimit = 3 } },
            },
        });
        Assert.Equal("FINISHED", await alice.WaitForTerminalAsync(id, Timeout));

        var calls = await receiver.WaitForAsync(received => received.Count >= 3, Timeout, "three tries");
        Assert.Equal([500, 500, 200], calls.Select(call => call.Answered));
        Assert.Single(calls.Select(call => call.Header(WebhookChannel.DeliveryHeader)).Distinct());
        for (var index = 1; index < calls.Count; index++)
        {
            var gap = calls[index].Received - calls[index - 1].Received;
            Assert.InRange(gap.TotalSeconds, 1.9, 6);
        }

        var notification = await SingleNotificationAsync(alice, id);
        var attempts = await WaitForAttemptsAsync(alice, notification, 3);
        Assert.Equal([500, 500, 200], attempts.Select(attempt => attempt.GetProperty("responseCode").GetInt32()));
        Assert.Equal([false, false, true], attempts.Select(attempt => attempt.GetProperty("success").GetBoolean()));
        Assert.Equal([1, 2, 3], attempts.Select(attempt => attempt.GetProperty("attemptNumber").GetInt32()));
        await WaitAsync(async () => (await alice.HistoryEventsAsync(id)).Contains(PostgresNotificationStore.DeliveredEvent), "delivered in the history");
        Assert.Equal("COMPLETE", (await alice.GetAsync($"notifications/v2/{notification}")).Result.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_dead_receiver_fails_the_notification_after_its_retries_and_a_redelivery_reaches_it_once_it_is_back()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var down = true;
        receiver.Answer = (_, _) => down ? 503 : 200;
        using var alice = fixture.Service.ClientFor(E2eCatalog.Tenant, Unique("alice"));
        var id = await alice.SubmitOkAsync(new
        {
            name = "dead end",
            appId = E2eCatalog.EchoApp,
            archive = false,
            parameters = new { text = "hi" },
            notifications = new object[] { new { @event = "FINISHED", url = receiver.Url("dead"), policy = new { retryStrategy = "IMMEDIATE", retryLimit = 2 } } },
        });
        Assert.Equal("FINISHED", await alice.WaitForTerminalAsync(id, Timeout));
        var notification = await SingleNotificationAsync(alice, id);

        await WaitAsync(async () => (await alice.GetAsync($"notifications/v2/{notification}")).Result.GetProperty("status").GetString() == "FAILED",
            "the notification FAILED");
        var attempts = await WaitForAttemptsAsync(alice, notification, 3);
        Assert.Equal(3, attempts.Count);
        Assert.All(attempts, attempt => Assert.Equal(503, attempt.GetProperty("responseCode").GetInt32()));
        Assert.All(attempts, attempt => Assert.Contains("503", attempt.GetProperty("error").GetString(), StringComparison.Ordinal));
        Assert.Equal(3, receiver.Calls.Count);
        await WaitAsync(async () => (await alice.HistoryEventsAsync(id)).Contains(PostgresNotificationStore.FailedEvent), "failed in the history");

        down = false;
        var redelivered = await alice.PostAsync($"notifications/v2/{notification}/redeliver");
        Assert.Equal(HttpStatusCode.OK, redelivered.Status);
        var calls = await receiver.WaitForAsync(received => received.Any(call => call.Answered == 200), Timeout, "the redelivery");
        Assert.Single(calls.Select(call => call.Header(WebhookChannel.DeliveryHeader)).Distinct());
        await WaitAsync(async () => (await alice.GetAsync($"notifications/v2/{notification}")).Result.GetProperty("status").GetString() == "COMPLETE",
            "the notification back to COMPLETE");
        Assert.Equal(HttpStatusCode.Conflict, (await alice.PostAsync($"notifications/v2/{notification}/redeliver")).Status);
    }

    [Fact]
    public async Task A_receiver_that_never_answers_delays_no_other_jobs_notifications()
    {
        await using var hanging = await WebhookReceiver.StartAsync();
        hanging.Hang = true;
        await using var healthy = await WebhookReceiver.StartAsync();
        using var alice = fixture.Service.ClientFor(E2eCatalog.Tenant, Unique("alice"));
        var stuck = new List<string>();
        for (var index = 0; index < 4; index++)
        {
            stuck.Add(await alice.SubmitOkAsync(new
            {
                name = $"stuck-{index}",
                appId = E2eCatalog.EchoApp,
                archive = false,
                parameters = new { text = "hi" },
                notifications = new object[] { new { @event = "*", persistent = true, url = hanging.Url("slow/${JOB_ID}"), policy = new { retryStrategy = "DELAYED", retryRate = 1, retryLimit = 100 } } },
            }));
        }

        await hanging.WaitForAsync(received => received.Count >= NotificationServiceFixture.PerDestination, Timeout, "the hanging receiver holds its slots");
        var id = await alice.SubmitOkAsync(new
        {
            name = "quick",
            appId = E2eCatalog.EchoApp,
            archive = false,
            parameters = new { text = "hi" },
            notifications = new object[] { new { @event = "FINISHED", url = healthy.Url("fast/${JOB_ID}") } },
        });
        Assert.Equal("FINISHED", await alice.WaitForTerminalAsync(id, Timeout));
        var finishedAt = DateTimeOffset.UtcNow;

        var calls = await healthy.WaitForAsync(received => received.Count == 1, TimeSpan.FromSeconds(10), "the healthy receiver's notification");
        Assert.Equal($"/fast/{id}", calls[0].Path);
        Assert.True(calls[0].Received - finishedAt < TimeSpan.FromSeconds(5), $"delivered {calls[0].Received - finishedAt} after FINISHED");
        // The hanging receiver never had more tries in flight than its destination's share.
        Assert.All(hanging.Calls.GroupBy(call => call.Received.ToUnixTimeSeconds()), group => Assert.True(group.Count() <= NotificationServiceFixture.PerDestination * 2));
    }

    private static bool IsNotified(string historyEvent) =>
        historyEvent != PostgresNotificationStore.DeliveredEvent && historyEvent != PostgresNotificationStore.FailedEvent;

    private static async Task<string> SingleNotificationAsync(JobsClient client, string jobId)
    {
        var list = await client.GetAsync($"notifications/v2?associatedUuid={jobId}");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        return Assert.Single(list.Result.EnumerateArray()).GetProperty("id").GetString()!;
    }

    private static async Task<List<JsonElement>> WaitForAttemptsAsync(JobsClient client, string notification, int count)
    {
        List<JsonElement> attempts = [];
        await WaitAsync(async () =>
        {
            attempts = (await client.GetAsync($"notifications/v2/{notification}/attempts")).Result.EnumerateArray().Select(item => item.Clone()).ToList();
            return attempts.Count >= count;
        }, $"{count} attempts logged");
        return attempts;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow + Timeout;
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"{what}: not within {Timeout.TotalSeconds} s");
            }

            await Task.Delay(100);
        }
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..20];
}
