using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Npgsql;
using Xunit;

namespace AloeOrleans.Tests.Gateway;

/// <summary>Outages become 503, bugs 500 with a correlation id, and the optional WSO2 header.</summary>
public sealed class GatewayFailureTests
{
    [Theory]
    [InlineData("npgsql", "database is unavailable")]
    [InlineData("timeout", "database is unavailable")]
    [InlineData("silo", "cluster is unavailable")]
    public async Task Backing_service_outages_are_503(string kind, string expected)
    {
        await using var host = await GatewayTestHost.StartAsync();
        host.Queries.Failure = kind switch
        {
            "npgsql" => new NpgsqlException("connection refused"),
            "timeout" => new TimeoutException("slow"),
            _ => new Orleans.Runtime.SiloUnavailableException("gone"),
        };

        var response = await host.Client.SendAsync(host.Request(HttpMethod.Get, "/jobs/v2", host.Token()));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("error", (string?)body["status"]);
        Assert.Contains(expected, (string?)body["message"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Testing", "application/json")]
    // The embedded default runs in Development, where ASP.NET puts its developer exception page (stack traces) in the
    // pipeline: it must not answer in place of the envelope, whatever the client accepts.
    [InlineData("Development", "text/html")]
    [InlineData("Development", "application/json")]
    [InlineData("Development", "text/plain")]
    public async Task Bugs_are_500_with_a_correlation_id_and_no_internals(string environment, string accept)
    {
        await using var host = await GatewayTestHost.StartAsync(environmentName: environment);
        host.Queries.Failure = new InvalidOperationException("secret internal detail");

        var request = host.Request(HttpMethod.Get, $"/jobs/v2/{Guid.NewGuid()}", host.Token());
        request.Headers.Accept.ParseAdd(accept);
        var response = await host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("correlation id", (string?)JsonNode.Parse(text)!["message"], StringComparison.Ordinal);
        Assert.DoesNotContain("secret internal detail", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        Assert.DoesNotContain("at AloeOrleans", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wso2_header_is_ignored_by_default_and_accepted_when_enabled()
    {
        await using var off = await GatewayTestHost.StartAsync();
        await using var on = await GatewayTestHost.StartAsync(new Dictionary<string, string?> { ["Aloe:Jwt:AcceptWso2Header"] = "true" });

        var offRequest = off.Request(HttpMethod.Get, "/jobs/v2");
        offRequest.Headers.Add("X-JWT-Assertion-dev", off.Token());
        var onRequest = on.Request(HttpMethod.Get, "/jobs/v2");
        onRequest.Headers.Add("X-JWT-Assertion-dev", on.Token());

        Assert.Equal(HttpStatusCode.Unauthorized, (await off.Client.SendAsync(offRequest)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await on.Client.SendAsync(onRequest)).StatusCode);
    }

    [Fact]
    public async Task Comma_separated_roles_claim_grants_admin()
    {
        await using var host = await GatewayTestHost.StartAsync();
        host.Queries.Jobs.Add(TestJobs.Make(owner: "bob"));
        var request = host.Request(HttpMethod.Get, "/jobs/v2", host.Token(user: "root", roles: ["x,Internal/aloe-admin"]));

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(host.Queries.LastList!.Owner);
    }

    [Fact]
    public async Task A_too_short_signing_key_stops_the_host_at_start()
    {
        var settings = new Dictionary<string, string?> { ["Aloe:Jwt:SigningKey"] = Convert.ToBase64String(new byte[8]) };

        var error = await Assert.ThrowsAnyAsync<Exception>(() => GatewayTestHost.StartAsync(settings));

        Assert.Contains("at least 32", error.ToString(), StringComparison.Ordinal);
    }
}
