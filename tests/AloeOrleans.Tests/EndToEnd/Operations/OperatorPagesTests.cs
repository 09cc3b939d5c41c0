using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AloeOrleans.Gateway.Auth;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Operations;

/// <summary>
/// The Prometheus endpoint and the Orleans dashboard answer operators only (docs/operations.md, "Who may see them"):
/// an administrator of an operator tenant, or the operator credential as a bearer token or a Basic password. Everyone
/// else, including another tenant's administrator, gets 401 with a challenge, on every path under them.
/// </summary>
[NeedsServers]
public sealed class OperatorPagesTests(OperatorServiceFixture fixture) : IClassFixture<OperatorServiceFixture>
{
    public static TheoryData<string> GuardedPaths => new()
    {
        "metrics", "METRICS", "metrics/", "dashboard", "dashboard/", "Dashboard/", "dashboard/DashboardCounters", "dashboard/ClusterStats",
        "dashboard/Reminders/1", "dashboard/GrainState?grainId=x&grainType=y", "dashboard/index.min.js",
    };

    private AloeServiceProcess Service => fixture.Service;

    [Theory]
    [MemberData(nameof(GuardedPaths))]
    public async Task Everyone_but_an_operator_gets_401(string path)
    {
        var refused = new (string Who, AuthenticationHeaderValue? Header)[]
        {
            ("nobody", null),
            ("a wrong bearer token", new AuthenticationHeaderValue("Bearer", new string('0', 64))),
            ("the operator token with one character changed", new AuthenticationHeaderValue("Bearer", Mutate(fixture.OperatorToken))),
            ("a Basic wrong password", Basic("operator", "not-the-token")),
            ("a Basic header that is not base64", new AuthenticationHeaderValue("Basic", "%%%")),
            ("an ordinary user of the operator tenant", Bearer(OperatorServiceFixture.OperatorTenant, "olga")),
            ("an administrator of another tenant", Bearer(E2eCatalog.Tenant, "alice", "Internal/aloe-admin")),
            ("a token of another signer", new AuthenticationHeaderValue("Bearer", ForeignToken())),
        };
        foreach (var (who, header) in refused)
        {
            using var response = await GetAsync(path, header);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{who} got {(int)response.StatusCode} on /{path}");
            Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Basic");
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(fixture.OperatorToken, body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("metrics")]
    [InlineData("dashboard/")]
    public async Task Operators_get_in_by_the_credential_or_as_an_operator_tenant_admin(string path)
    {
        foreach (var (who, header) in new[]
                 {
                     ("the operator token as a bearer", new AuthenticationHeaderValue("Bearer", fixture.OperatorToken)),
                     ("the operator token as a Basic password", Basic("anyone", fixture.OperatorToken)),
                     ("an administrator of the operator tenant", Bearer(OperatorServiceFixture.OperatorTenant, "olga", "Internal/aloe-admin")),
                 })
        {
            using var response = await GetAsync(path, header);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{who} got {(int)response.StatusCode} on /{path}");
        }
    }

    [Fact]
    public async Task The_scrape_shows_the_services_own_metrics_and_Orleans_metrics()
    {
        using var alice = Service.ClientFor(E2eCatalog.Tenant, "alice");
        var id = await alice.SubmitOkAsync(new { name = "metered", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "hi" } });
        await alice.WaitForStatusAsync(id, status => status == "FINISHED", TimeSpan.FromSeconds(60), "FINISHED");
        var invalid = await alice.SubmitAsync(new { name = "bad", appId = "no-such-app-1.0" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);

        using var response = await GetAsync("metrics", new AuthenticationHeaderValue("Bearer", fixture.OperatorToken));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(Value(text, "aloe_jobs_submissions_total", "tenant=\"dev\"", "outcome=\"Accepted\"") >= 1, text);
        Assert.True(Value(text, "aloe_jobs_submissions_total", "tenant=\"dev\"", "outcome=\"Invalid\"") >= 1, text);
        Assert.True(Value(text, "aloe_jobs_transitions_total", "tenant=\"dev\"", "status=\"FINISHED\"") >= 1, text);
        Assert.Contains("aloe_jobs_transition_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("aloe_queue_active{", text, StringComparison.Ordinal);
        Assert.Contains("orleans_catalog_activations", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("db_client_operation_duration_seconds", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_startup_probe_answers_once_the_service_started()
    {
        using var response = await GetAsync("health/startup", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The value of the first sample of <paramref name="metric"/> whose labels hold all of <paramref name="labels"/>; -1 when none.</summary>
    internal static double Value(string exposition, string metric, params string[] labels)
    {
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(metric + "{", StringComparison.Ordinal) && labels.All(label => line.Contains(label, StringComparison.Ordinal)))
            {
                return double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }

    private async Task<HttpResponseMessage> GetAsync(string path, AuthenticationHeaderValue? authorization)
    {
        using var http = new HttpClient { BaseAddress = Service.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = authorization;
        return await http.SendAsync(request);
    }

    private AuthenticationHeaderValue Bearer(string tenant, string user, params string[] roles) =>
        new("Bearer", Service.TokenFor(tenant, user, roles));

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static string Mutate(string token) => (token[0] == 'a' ? "b" : "a") + token[1..];

    /// <summary>An operator-tenant admin token signed with a key the service does not know.</summary>
    private static string ForeignToken() =>
        JwtTokenFactory.Create(new JwtOptions(), System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), OperatorServiceFixture.OperatorTenant, "mallory",
            ["Internal/aloe-admin"], DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
}
