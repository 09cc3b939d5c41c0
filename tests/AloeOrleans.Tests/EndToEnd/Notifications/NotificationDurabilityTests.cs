using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using AloeOrleans.Grains.Notifications;
using Npgsql;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Notifications;

/// <summary>
/// Nothing acknowledged is lost (docs/notifications.md, "Delivery"): events that wait in the outbox while the receiver
/// is down survive a SIGKILL of the service and all reach the receiver after the restart, in order per job, each event
/// under one delivery id however often it is tried.
/// </summary>
[NeedsServers]
public sealed class NotificationDurabilityTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Pending_deliveries_survive_a_sigkill_and_are_all_delivered_after_the_restart()
    {
        var port = FreePort();
        await using var service = await AloeServiceProcess.StartAsync(E2eCatalog.Write,
            environment: NotificationServiceFixture.Settings(RandomNumberGenerator.GetBytes(32)));
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice-durable");
        var ids = new List<string>();
        for (var index = 0; index < 5; index++)
        {
            ids.Add(await alice.SubmitOkAsync(new
            {
                name = $"durable-{index}",
                appId = E2eCatalog.EchoApp,
                archive = false,
                parameters = new { text = "hi" },
                notifications = new object[]
                {
                    new { @event = "*", persistent = true, url = $"http://127.0.0.1:{port}/k/${{JOB_ID}}/${{EVENT}}", policy = new { retryStrategy = "DELAYED", retryRate = 1, retryLimit = 600 } },
                },
            }));
        }

        foreach (var id in ids)
        {
            Assert.Equal("FINISHED", await alice.WaitForTerminalAsync(id, Timeout));
        }

        var expected = new Dictionary<string, List<string>>();
        foreach (var id in ids)
        {
            expected[id] = (await alice.HistoryEventsAsync(id)).Where(e => !e.StartsWith("NOTIFICATION_", StringComparison.Ordinal)).ToList();
        }

        var pendingBeforeKill = await PendingAsync(service);
        Assert.Equal(expected.Values.Sum(events => events.Count), pendingBeforeKill);

        await service.KillAsync();
        await using var receiver = await WebhookReceiver.StartAsync(port);
        await service.RestartAsync();

        var calls = await receiver.WaitForAsync(received => received.Select(call => call.Path).Distinct().Count() >= pendingBeforeKill, Timeout,
            "every pending event delivered after the restart");
        foreach (var id in ids)
        {
            var forJob = calls.Where(call => call.Path.StartsWith($"/k/{id}/", StringComparison.Ordinal)).ToList();
            Assert.Equal(expected[id], forJob.Select(call => call.Path.Split('/')[3]).Distinct());
            // A repeated try carries the delivery id of the first one, so the receiver can drop it.
            Assert.All(forJob.GroupBy(call => call.Path), group => Assert.Single(group.Select(call => call.Header(WebhookChannel.DeliveryHeader)).Distinct()));
        }

        var deadline = DateTimeOffset.UtcNow + Timeout;
        while (await PendingAsync(service) > 0)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "deliveries still pending");
            await Task.Delay(100);
        }
    }

    private static async Task<long> PendingAsync(AloeServiceProcess service)
    {
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM aloe_notification_deliveries WHERE state = 'PENDING'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
