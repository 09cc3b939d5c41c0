using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace AloeOrleans.Tests.Gateway.RateLimiting;

/// <summary>Per-user rate limits through the gateway as the silo hosts it: buckets per verified user, per address without a token.</summary>
public sealed class RateLimitTests
{
    private const int Burst = 3;

    private static Task<GatewayTestHost> StartAsync() => GatewayTestHost.StartAsync(new Dictionary<string, string?>
    {
        ["Aloe:Gateway:RateLimit:TokensPerSecond"] = "1",
        ["Aloe:Gateway:RateLimit:BurstLimit"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Aloe:Gateway:RateLimit:AnonymousTokensPerSecond"] = "1",
        ["Aloe:Gateway:RateLimit:AnonymousBurstLimit"] = "2",
    });

    [Fact]
    public async Task A_user_beyond_the_burst_gets_429_with_retry_after_in_the_envelope_and_another_user_is_unaffected()
    {
        await using var host = await StartAsync();
        var alice = host.Token(user: "alice");

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var answers = await SendManyAsync(host, 20, () => host.Request(HttpMethod.Get, "/jobs/v2", alice));

        // The bucket refills one request per second, so at most the burst plus one per second passed got through.
        var allowed = Burst + (int)Math.Ceiling(watch.Elapsed.TotalSeconds);
        var refused = answers.Where(answer => answer.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.True(answers.Count - refused.Count <= allowed, $"{answers.Count - refused.Count} of 20 got through in {watch.Elapsed} (at most {allowed})");
        Assert.NotEmpty(refused);
        var (_, body, retryAfter) = refused[0];
        Assert.Equal("error", (string?)body["status"]);
        Assert.Contains("Too many requests from user alice of tenant dev", (string?)body["message"], StringComparison.Ordinal);
        Assert.True(retryAfter >= TimeSpan.FromSeconds(1), $"Retry-After {retryAfter}");

        var bob = await SendAsync(host, host.Request(HttpMethod.Get, "/jobs/v2", host.Token(user: "bob")));
        Assert.Equal(HttpStatusCode.OK, bob.Status);
        var aliceOfAnotherTenant = await SendAsync(host, host.Request(HttpMethod.Get, "/jobs/v2", host.Token(tenant: "other", user: "alice")));
        Assert.Equal(HttpStatusCode.OK, aliceOfAnotherTenant.Status);
    }

    [Fact]
    public async Task Requests_without_a_valid_token_are_counted_per_address_and_refused_before_authorization()
    {
        await using var host = await StartAsync();

        var anonymous = await SendManyAsync(host, 10, () => host.Request(HttpMethod.Get, "/jobs/v2"));
        var forged = await SendManyAsync(host, 10, () => host.Request(HttpMethod.Get, "/jobs/v2", "not-a-jwt"));

        Assert.Contains(anonymous, answer => answer.Status == HttpStatusCode.Unauthorized);
        Assert.Contains(anonymous, answer => answer.Status == HttpStatusCode.TooManyRequests);
        var refusedForgery = forged.First(answer => answer.Status == HttpStatusCode.TooManyRequests);
        Assert.Contains("client address 127.0.0.1", (string?)refusedForgery.Body["message"], StringComparison.Ordinal);

        // A verified user has a bucket of their own.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(host, host.Request(HttpMethod.Get, "/jobs/v2", host.Token()))).Status);
    }

    [Fact]
    public async Task Health_endpoints_are_never_limited()
    {
        await using var host = await StartAsync();

        var answers = await SendManyAsync(host, 20, () => host.Request(HttpMethod.Get, "/health/live"));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.Status));
    }

    private static async Task<List<(HttpStatusCode Status, JsonNode Body, TimeSpan? RetryAfter)>> SendManyAsync(
        GatewayTestHost host, int count, Func<HttpRequestMessage> request)
    {
        // All at once, so that the buckets hardly refill while they arrive.
        return [.. await Task.WhenAll(Enumerable.Range(0, count).Select(_ => SendAsync(host, request())))];
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body, TimeSpan? RetryAfter)> SendAsync(GatewayTestHost host, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await host.Client.SendAsync(request);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!, response.Headers.RetryAfter?.Delta);
        }
    }
}
