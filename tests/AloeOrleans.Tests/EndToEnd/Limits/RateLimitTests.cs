using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Limits;

/// <summary>
/// Per-user HTTP rate limits over HTTP against the service (limits lowered by <see cref="LimitsServiceFixture"/>): a
/// burst beyond the limit is answered 429 with Retry-After in the envelope, another user is unaffected, health probes
/// are never limited. Before, every request was served, whatever their number.
/// </summary>
[NeedsServers]
[Collection(LimitsCollection.Name)]
public sealed class RateLimitTests(LimitsServiceFixture fixture)
{
    private const int Requests = 150;

    [Fact]
    public async Task A_users_burst_beyond_the_limit_is_429_with_retry_after_and_another_user_is_unaffected()
    {
        var service = fixture.Service;
        using var http = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var mallory = service.TokenFor(E2eCatalog.Tenant, "mallory");

        // A submission with the wrong content type: refused (415) without touching a job, so each one admitted is cheap
        // and the burst arrives faster than the bucket refills, however busy the machine.
        var watch = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, Requests).Select(_ => SendAsync(http, HttpMethod.Post, "jobs/v2", mallory)));
        var bob = await SendAsync(http, HttpMethod.Get, "jobs/v2", service.TokenFor(E2eCatalog.Tenant, "bob"));

        var allowed = LimitsServiceFixture.BurstLimit + (LimitsServiceFixture.TokensPerSecond * (int)Math.Ceiling(watch.Elapsed.TotalSeconds));
        var refused = answers.Where(answer => answer.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.True(Requests - refused.Count <= allowed, $"{Requests - refused.Count} of {Requests} got through in {watch.Elapsed} (at most {allowed})");
        Assert.NotEmpty(refused);
        Assert.All(answers.Except(refused), answer => Assert.Equal(HttpStatusCode.UnsupportedMediaType, answer.Status));
        var first = refused[0];
        Assert.True(first.RetryAfter >= TimeSpan.FromSeconds(1), $"Retry-After {first.RetryAfter}");
        Assert.Equal("error", first.Body.GetProperty("status").GetString());
        Assert.Contains("Too many requests from user mallory of tenant dev", first.Body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, bob.Status);

        var probes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => SendAsync(http, HttpMethod.Get, "health/live", token: null)));
        Assert.All(probes, probe => Assert.Equal(HttpStatusCode.OK, probe.Status));
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body, TimeSpan? RetryAfter)> SendAsync(
        HttpClient http, HttpMethod method, string path, string? token)
    {
        using var request = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent("not json", System.Text.Encoding.UTF8, "text/plain");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, body, response.Headers.RetryAfter?.Delta);
    }
}
