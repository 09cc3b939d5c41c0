using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;
using Xunit.Abstractions;

namespace AloeOrleans.Tests.EndToEnd.Operations;

/// <summary>
/// A real Prometheus (Debian's, started by <c>scripts/prometheus.sh</c>) scrapes the service's <c>/metrics</c> with the
/// operator credential from its <c>credentials_file</c>, and the job counters read back through its query API match
/// what the test did (docs/operations.md, "Metrics").
/// </summary>
[NeedsServers]
public sealed class PrometheusScrapeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ScrapeTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Prometheus_scrapes_the_job_counters_with_the_operator_credential()
    {
        var prometheus = new Uri(Setting("ALOE_PROMETHEUS_URL"));
        var targets = Setting("ALOE_PROMETHEUS_TARGETS_DIR");
        var tokenFile = Setting("ALOE_PROMETHEUS_TOKEN_FILE");
        await using var service = await AloeServiceProcess.StartAsync(E2eCatalog.Write, environment: new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Aloe__Operations__OperatorTokenFile"] = tokenFile,
        });
        var run = Guid.NewGuid().ToString("N");
        var target = Path.Combine(targets, $"aloe-test-{run}.json");
        await File.WriteAllTextAsync(target, new JsonArray(new JsonObject
        {
            ["targets"] = new JsonArray($"127.0.0.1:{service.HttpPort}"),
            ["labels"] = new JsonObject { ["aloe_test"] = run },
        }).ToJsonString());
        try
        {
            using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");
            var ids = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                ids.Add(await alice.SubmitOkAsync(new { name = $"scraped-{i}", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "x" } }));
            }

            foreach (var id in ids)
            {
                await alice.WaitForStatusAsync(id, status => status == "FINISHED", TimeSpan.FromSeconds(60), "FINISHED");
            }

            using var http = new HttpClient { BaseAddress = prometheus, Timeout = TimeSpan.FromSeconds(10) };
            await WaitForValueAsync(http, $"up{{aloe_test=\"{run}\"}}", 1);
            await WaitForValueAsync(http, $"sum(aloe_jobs_submissions_total{{aloe_test=\"{run}\",tenant=\"dev\",outcome=\"Accepted\"}})", 3);
            await WaitForValueAsync(http, $"sum(aloe_jobs_transitions_total{{aloe_test=\"{run}\",tenant=\"dev\",status=\"FINISHED\"}})", 3);

            // The dashboard is off unless turned on: not even an operator finds it.
            using var dashboard = new HttpClient { BaseAddress = service.BaseAddress };
            dashboard.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(tokenFile)).Trim());
            Assert.Equal(System.Net.HttpStatusCode.OK, (await dashboard.GetAsync("metrics")).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await dashboard.GetAsync("dashboard/")).StatusCode);
        }
        finally
        {
            File.Delete(target);
        }
    }

    private static string Setting(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: run the tests with ./aloe test, which starts scripts/prometheus.sh.");

    /// <summary>Asks Prometheus for <paramref name="query"/> until it answers <paramref name="expected"/>, failing with the last answer at the deadline.</summary>
    private async Task WaitForValueAsync(HttpClient http, string query, double expected)
    {
        var deadline = DateTimeOffset.UtcNow + ScrapeTimeout;
        var last = "";
        while (DateTimeOffset.UtcNow < deadline)
        {
            last = await http.GetStringAsync($"api/v1/query?query={Uri.EscapeDataString(query)}");
            using var answer = JsonDocument.Parse(last);
            var result = answer.RootElement.GetProperty("data").GetProperty("result");
            if (result.GetArrayLength() == 1
                && double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture) == expected)
            {
                output.WriteLine($"{query} = {expected}");
                return;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"Prometheus did not answer {expected} for {query} within {ScrapeTimeout.TotalSeconds:0} s; last answer: {last}");
    }
}
