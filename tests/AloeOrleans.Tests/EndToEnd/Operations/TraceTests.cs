using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AloeOrleans.Tests.EndToEnd.Remote;
using Xunit;
using Xunit.Abstractions;

namespace AloeOrleans.Tests.EndToEnd.Operations;

/// <summary>
/// With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, the service exports over OTLP to a real HTTP endpoint: one trace per
/// submission that runs from the HTTP request through the grain calls and SQL to the job's work, SSH commands included,
/// and log records that carry its trace id (docs/operations.md, "Traces").
/// </summary>
[NeedsServers]
public sealed class TraceTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ExportTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_submission_and_its_jobs_work_are_one_trace_down_to_sql_and_ssh()
    {
        await using var receiver = OtlpReceiver.Start();
        var settings = receiver.ServiceSettings();
        foreach (var (name, value) in RemoteServiceSettings.FastMonitoring())
        {
            settings[name] = value;
        }

        await using var service = await AloeServiceProcess.StartAsync(E2eCatalog.Write, environment: settings);
        await using var remote = await RemoteTestTenant.CreateAsync(service);
        await remote.RegisterExecutionSystemAsync(RemoteServiceSettings.ForkSystem, "FORK");
        await remote.DeployAsync(RemoteApps.Sleep(RemoteServiceSettings.ForkSystem));

        // A caller that sends its own trace context: the service's spans join it.
        var localTrace = NewTraceId();
        var local = await SubmitAsync(service, service.TokenFor(E2eCatalog.Tenant, "alice"), localTrace,
            new { name = "traced", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "hi" } });
        var remoteTrace = NewTraceId();
        var forked = await SubmitAsync(service, service.TokenFor(remote.TenantId, RemoteTestTenant.User), remoteTrace,
            new { name = "traced-ssh", appId = "sleep-1.0", archive = false, parameters = new { seconds = 1 } });
        // One without a context: it starts a trace of its own.
        using var alice = service.ClientFor(E2eCatalog.Tenant, "alice");
        var untraced = await alice.SubmitOkAsync(new { name = "untraced", appId = E2eCatalog.EchoApp, archive = false, parameters = new { text = "x" } });

        await alice.WaitForStatusAsync(local, status => status == "FINISHED", TimeSpan.FromSeconds(60), "FINISHED");
        await alice.WaitForStatusAsync(untraced, status => status == "FINISHED", TimeSpan.FromSeconds(60), "FINISHED");
        await remote.Jobs.WaitForStatusAsync(forked, status => status == "FINISHED", TimeSpan.FromSeconds(120), "FINISHED");

        var localSpans = await WaitForTraceAsync(receiver, localTrace, spans =>
            spans.Any(span => span.Kind == OtlpSpan.ServerKind && span.Name.StartsWith("POST", StringComparison.Ordinal))
            && spans.Any(span => span.Scope.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && span.Name.Contains("IJobGrain", StringComparison.Ordinal))
            && spans.Any(span => span.Scope == "Npgsql")
            && spans.Any(span => span.Name == "job Launch" && span.Attributes.GetValueOrDefault("aloe.job.uuid") == local)
            && spans.Any(span => span.Name == "job Archive" || span.Name == "job CleanUp"));
        output.WriteLine($"local trace: {Describe(localSpans)}");

        var remoteSpans = await WaitForTraceAsync(receiver, remoteTrace, spans =>
            spans.Any(span => span.Name == "ssh command" && span.Kind == OtlpSpan.ClientKind)
            && spans.Any(span => span.Name == "job Launch" && span.Attributes.GetValueOrDefault("aloe.job.uuid") == forked));
        output.WriteLine($"remote trace: {Describe(remoteSpans)}");

        // The untraced submission's work is one trace too, and not either of the others.
        var untracedTraces = await WaitForAsync(() => receiver.Spans.Where(span => span.Attributes.GetValueOrDefault("aloe.job.uuid") == untraced)
            .Select(span => span.TraceId).Distinct().ToList(), traces => traces.Count > 0, "the untraced job's spans");
        Assert.Single(untracedTraces);
        Assert.DoesNotContain(untracedTraces[0], new[] { localTrace, remoteTrace });
        Assert.Contains(receiver.Spans, span => span.TraceId == untracedTraces[0] && span.Kind == OtlpSpan.ServerKind);

        // Every span of the local job's work is in its submission's trace.
        Assert.All(receiver.Spans.Where(span => span.Attributes.GetValueOrDefault("aloe.job.uuid") == local), span => Assert.Equal(localTrace, span.TraceId));

        // Logs: the job's transitions were logged with the submission's trace id.
        var logs = await WaitForAsync(() => receiver.LogRecords.Where(record => record.TraceId == localTrace).ToList(),
            records => records.Any(record => record.Body.Contains(local, StringComparison.Ordinal)), "a log record of the local job in its trace");
        output.WriteLine($"{logs.Count} log records in the local trace, e.g. {logs.First(record => record.Body.Contains(local, StringComparison.Ordinal)).Body}");
    }

    private static string NewTraceId() => Guid.NewGuid().ToString("N");

    private static async Task<string> SubmitAsync(AloeServiceProcess service, string token, string traceId, object body)
    {
        using var http = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "jobs/v2")
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("traceparent", $"00-{traceId}-{Guid.NewGuid().ToString("N")[..16]}-01");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("result").GetProperty("id").GetString()!;
    }

    private static Task<List<OtlpSpan>> WaitForTraceAsync(OtlpReceiver receiver, string traceId, Func<List<OtlpSpan>, bool> complete) =>
        WaitForAsync(() => receiver.Spans.Where(span => span.TraceId == traceId).ToList(), complete, $"the spans of trace {traceId}");

    private static async Task<T> WaitForAsync<T>(Func<T> read, Func<T, bool> done, string what)
    {
        var deadline = DateTimeOffset.UtcNow + ExportTimeout;
        var value = read();
        while (!done(value))
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"The OTLP endpoint did not receive {what} within {ExportTimeout.TotalSeconds:0} s; got: {value}");
            }

            await Task.Delay(200);
            value = read();
        }

        return value;
    }

    private static string Describe(IEnumerable<OtlpSpan> spans) =>
        string.Join(", ", spans.GroupBy(span => $"{span.Scope}: {span.Name}").Select(group => $"{group.Key} × {group.Count()}"));
}
