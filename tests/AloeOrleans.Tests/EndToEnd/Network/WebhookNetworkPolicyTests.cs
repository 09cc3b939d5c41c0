using System.Net;
using System.Text.Json;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Network;

/// <summary>
/// Webhook URLs obey the same network rules as inputs (docs/security.md, docs/notifications.md): a webhook to loopback
/// or another internal address fails naming the rule and the setting, without a connection; only 127.0.0.2 is allowed
/// here (<see cref="NetworkPolicyServiceFixture"/>).
/// </summary>
[NeedsServers]
[Collection(NetworkPolicyCollection.Name)]
public sealed class WebhookNetworkPolicyTests(NetworkPolicyServiceFixture fixture)
{
    private const string Setting = "Aloe:Notifications:AllowedNetworks";

    [Theory]
    [InlineData("http://{v4}/hook", "'127.0.0.1' is a loopback address")]
    [InlineData("http://{v6}/hook", "::1]' is a loopback address")]
    [InlineData("http://localhost:{port}/hook", "'localhost' resolves to a loopback address")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "is a link-local address")]
    [InlineData("http://[::ffff:127.0.0.1]:{port}/hook", "is a loopback address")]
    public async Task A_webhook_inside_the_network_fails_naming_the_rule_and_nothing_is_connected_to(string template, string expected)
    {
        var (v4, v6) = (fixture.Loopback, fixture.Ipv6Loopback);
        var (v4Before, v6Before) = (v4.Connections, v6.Connections);
        var url = template.Replace("{v4}", v4.Authority, StringComparison.Ordinal).Replace("{v6}", v6.Authority, StringComparison.Ordinal)
            .Replace("{port}", v4.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        using var alice = fixture.Service.ClientFor(NetworkPolicyServiceFixture.Tenant, "alice");
        var id = await alice.SubmitOkAsync(new
        {
            name = "hook",
            appId = "wc-1.0",
            archive = false,
            inputs = new { inputFile = "http://10.0.0.1/never" },
            notifications = new object[] { new { @event = "FAILED", url, policy = new { retryStrategy = "NONE" } } },
        });
        Assert.Equal("FAILED", await alice.WaitForTerminalAsync(id, NetworkJobs.JobTimeout));

        var notification = (await alice.GetAsync($"notifications/v2?associatedUuid={id}")).Result.EnumerateArray().Single().GetProperty("id").GetString();
        JsonElement attempt = default;
        var deadline = DateTimeOffset.UtcNow + NetworkJobs.JobTimeout;
        while ((await alice.GetAsync($"notifications/v2/{notification}/attempts")).Result is var attempts && attempts.GetArrayLength() == 0)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "no attempt logged");
            await Task.Delay(100);
        }

        attempt = (await alice.GetAsync($"notifications/v2/{notification}/attempts")).Result[0];
        var error = attempt.GetProperty("error").GetString();
        Assert.False(attempt.GetProperty("success").GetBoolean());
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains(Setting, error, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, attempt.GetProperty("responseCode").ValueKind);
        Assert.Equal((v4Before, v6Before), (v4.Connections, v6.Connections));
        Assert.Equal("FAILED", (await alice.GetAsync($"notifications/v2/{notification}")).Result.GetProperty("status").GetString());
    }

    [Fact]
    public void The_service_says_at_start_which_networks_webhooks_may_reach()
    {
        Assert.Contains($"webhook notifications may reach public addresses and these other networks: 127.0.0.2/32 ({Setting})",
            fixture.Service.LogTail(int.MaxValue), StringComparison.Ordinal);
    }
}
