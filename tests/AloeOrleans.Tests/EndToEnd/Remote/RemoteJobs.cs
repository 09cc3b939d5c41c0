using System.Globalization;
using System.Net;
using System.Text.Json;
using Npgsql;

namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary>Reading jobs back: fields of the job JSON, history events, and many jobs' statuses at once from the database.</summary>
public static class RemoteJobs
{
    /// <summary>GET /jobs/v2/{id}; insists on 200.</summary>
    public static async Task<JsonElement> GetAsync(JobsClient jobs, string id)
    {
        var response = await jobs.GetJobAsync(id);
        return response.Status == HttpStatusCode.OK ? response.Result : throw new InvalidOperationException($"GET job {id} answered {response}");
    }

    public static string Str(JsonElement job, string name) =>
        job.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new Xunit.Sdk.XunitException($"{name} is not a string in {job}");

    /// <summary>A field that is a string or null (e.g. remoteOutcome before the remote job ended).</summary>
    public static string? StrOrNull(JsonElement job, string name) =>
        job.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Waits until the job is RUNNING; one that ends first fails the test at once, with its history.</summary>
    public static async Task WaitForRunningAsync(JobsClient jobs, string id, TimeSpan timeout)
    {
        var status = await jobs.WaitForStatusAsync(id, s => s == "RUNNING" || JobsClient.TerminalStatuses.Contains(s), timeout, "RUNNING");
        Xunit.Assert.True(status == "RUNNING", $"job {id} ended {status} before it was seen RUNNING: {await jobs.DescribeHistoryAsync(id)}");
    }

    public static DateTimeOffset Time(JsonElement job, string name) => DateTimeOffset.Parse(Str(job, name), CultureInfo.InvariantCulture);

    /// <summary>The history's statuses with repeats of one status in a row collapsed (progress events repeat one).</summary>
    public static IReadOnlyList<string> Collapse(IReadOnlyList<string> statuses) =>
        statuses.Where((status, i) => i == 0 || status != statuses[i - 1]).ToList();

    /// <summary>When the history recorded the job entering <paramref name="status"/> (the first such event).</summary>
    public static async Task<DateTimeOffset> EventTimeAsync(JobsClient jobs, string id, string status)
    {
        var history = await jobs.GetHistoryAsync(id);
        var entry = history.Result.EnumerateArray().First(e => e.GetProperty("status").GetString() == status);
        return DateTimeOffset.Parse(entry.GetProperty("created").GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>Every job of <paramref name="tenantId"/> in the service's database: uuid → (status, remote job id).</summary>
    public static async Task<Dictionary<string, (string Status, string? RemoteJobId)>> InDatabaseAsync(AloeServiceProcess service, string tenantId)
    {
        await using var connection = new NpgsqlConnection(service.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT uuid, status, remote_job_id FROM aloe_jobs WHERE tenant_id = @tenant", connection);
        command.Parameters.AddWithValue("tenant", tenantId);
        await using var reader = await command.ExecuteReaderAsync();
        var jobs = new Dictionary<string, (string, string?)>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            jobs[reader.GetGuid(0).ToString()] = (reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        }

        return jobs;
    }

    /// <summary>"STATUS × n, …" for a failure message or the test output.</summary>
    public static string Describe(IEnumerable<string> statuses) =>
        string.Join(", ", statuses.GroupBy(status => status).OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => $"{group.Key} × {group.Count()}"));

    /// <summary>
    /// Polls the database until <paramref name="done"/> holds for the tenant's jobs, failing at the deadline with
    /// their statuses and the service log: one query per poll, however many jobs.
    /// </summary>
    public static async Task<Dictionary<string, (string Status, string? RemoteJobId)>> WaitInDatabaseAsync(
        AloeServiceProcess service, string tenantId, Func<Dictionary<string, (string Status, string? RemoteJobId)>, bool> done,
        TimeSpan timeout, string what, TimeSpan? interval = null)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var jobs = await InDatabaseAsync(service, tenantId);
            if (done(jobs))
            {
                return jobs;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"The jobs of tenant {tenantId} did not reach {what} within {timeout.TotalSeconds:0} s: " +
                    $"{Describe(jobs.Values.Select(job => job.Status))}.\n{service.Diagnostics()}");
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(500));
        }
    }
}
