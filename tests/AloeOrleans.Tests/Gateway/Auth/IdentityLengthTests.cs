using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace AloeOrleans.Tests.Gateway.Auth;

/// <summary>A tenant or user longer than the 64 characters the job tables hold could never own a job: the token is refused.</summary>
public sealed class IdentityLengthTests
{
    [Theory]
    [InlineData(64, 64, HttpStatusCode.OK)]
    [InlineData(65, 5, HttpStatusCode.Unauthorized)]
    [InlineData(5, 65, HttpStatusCode.Unauthorized)]
    public async Task Tenant_and_user_may_have_at_most_64_characters(int tenantLength, int userLength, HttpStatusCode expected)
    {
        await using var host = await GatewayTestHost.StartAsync();
        using var request = host.Request(HttpMethod.Get, "/jobs/v2", host.Token(tenant: new string('t', tenantLength), user: new string('u', userLength)));

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Unauthorized)
        {
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Contains("longer than 64 characters", (string?)body["message"], StringComparison.Ordinal);
        }
    }
}
