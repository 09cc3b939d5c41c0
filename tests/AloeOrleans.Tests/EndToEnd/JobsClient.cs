using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace AloeOrleans.Tests.EndToEnd;

/// <summary>A thin client of <c>/jobs/v2</c> for one caller, with polling helpers that fail with the job's history.</summary>
public sealed class JobsClient : IDisposable
{
    public static readonly IReadOnlySet<string> TerminalStatuses = new HashSet<string>(StringComparer.Ordinal) { "FINISHED", "STOPPED", "FAILED" };

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly HttpClient http;
    private readonly Func<string> diagnostics;

    public JobsClient(Uri baseAddress, string? token, Func<string>? diagnostics = null)
    {
        http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        this.diagnostics = diagnostics ?? (() => "");
    }

    public Task<ApiResponse> SubmitAsync(object body) => SubmitRawAsync(JsonSerializer.Serialize(body), "application/json");

    public async Task<ApiResponse> SubmitRawAsync(string body, string contentType)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await SendAsync(HttpMethod.Post, "jobs/v2", content);
    }

    /// <summary>Submits with an <c>Idempotency-Key</c> header, whatever the answer.</summary>
    public async Task<ApiResponse> SubmitAsync(object body, string idempotencyKey)
    {
        using var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        return await SendAsync(HttpMethod.Post, "jobs/v2", content, idempotencyKey);
    }

    /// <summary>Submits and insists on 201; returns the new job's id.</summary>
    public async Task<string> SubmitOkAsync(object body)
    {
        var response = await SubmitAsync(body);
        if (response.Status != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Submission of {JsonSerializer.Serialize(body)} answered {response}. {diagnostics()}");
        }

        return response.Result.GetProperty("id").GetString()!;
    }

    public Task<ApiResponse> GetJobAsync(string id) => SendAsync(HttpMethod.Get, $"jobs/v2/{id}");

    public Task<ApiResponse> GetStatusAsync(string id) => SendAsync(HttpMethod.Get, $"jobs/v2/{id}/status");

    public Task<ApiResponse> GetHistoryAsync(string id) => SendAsync(HttpMethod.Get, $"jobs/v2/{id}/history?limit=100");

    public Task<ApiResponse> ListAsync(string query = "") => SendAsync(HttpMethod.Get, $"jobs/v2{query}");

    /// <summary>GET of <paramref name="relativePath"/> (e.g. <c>jobs/v2/recovery?limit=5</c>).</summary>
    public Task<ApiResponse> GetAsync(string relativePath) => SendAsync(HttpMethod.Get, relativePath);

    public Task<ApiResponse> CancelAsync(string id) => SendAsync(HttpMethod.Post, $"jobs/v2/{id}/cancel");

    /// <summary>Any request to <paramref name="relativePath"/>, e.g. <c>POST jobs/v2/{id}/pems</c> with a JSON or form body.</summary>
    public Task<ApiResponse> SendRawAsync(HttpMethod method, string relativePath, HttpContent? content = null) =>
        SendAsync(method, relativePath, content);

    public Task<ApiResponse> PauseAsync(string id) => SendAsync(HttpMethod.Post, $"jobs/v2/{id}/pause");

    public Task<ApiResponse> ResumeAsync(string id) => SendAsync(HttpMethod.Post, $"jobs/v2/{id}/resume");

    /// <summary>A POST of <paramref name="relativePath"/> with an optional body and <c>Idempotency-Key</c>, whatever it answers.</summary>
    public Task<ApiResponse> PostAsync(string relativePath, HttpContent? content = null, string? idempotencyKey = null) =>
        SendAsync(HttpMethod.Post, relativePath, content, idempotencyKey);

    /// <summary>A DELETE of <paramref name="relativePath"/>, whatever it answers.</summary>
    public Task<ApiResponse> DeleteAsync(string relativePath) => SendAsync(HttpMethod.Delete, relativePath);

    /// <summary>
    /// The statuses the job's history says it entered, oldest first: the events that are no status change (their kind
    /// in <c>status</c>, e.g. STAGING_PROGRESS, HIDDEN) are left out; <see cref="HistoryEventsAsync"/> has them all.
    /// </summary>
    public async Task<IReadOnlyList<string>> HistoryStatusesAsync(string id) =>
        (await HistoryEventsAsync(id)).Where(status => Enum.IsDefined(typeof(GrainInterfaces.Jobs.JobStatus), status)).ToList();

    /// <summary>The <c>status</c> of every event of the job's history, oldest first: statuses entered and the kinds of other events.</summary>
    public async Task<IReadOnlyList<string>> HistoryEventsAsync(string id)
    {
        var history = await GetHistoryAsync(id);
        if (history.Status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET history of {id} answered {history}. {diagnostics()}");
        }

        return history.Result.EnumerateArray().Select(e => e.GetProperty("status").GetString()!).ToList();
    }

    /// <summary>
    /// Polls the job's status until <paramref name="accept"/> holds, failing at <paramref name="timeout"/> with the
    /// last status, the job's history and the service log. A 404 (the job is still ACCEPTED) counts as "not yet".
    /// </summary>
    public async Task<string> WaitForStatusAsync(string id, Func<string, bool> accept, TimeSpan timeout, string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var last = "(no answer)";
        while (true)
        {
            var response = await GetStatusAsync(id);
            if (response.Status == HttpStatusCode.OK)
            {
                last = response.Result.GetProperty("status").GetString()!;
                if (accept(last))
                {
                    return last;
                }
            }
            else
            {
                last = response.ToString();
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"Job {id} did not reach {what} within {timeout.TotalSeconds:0} s; last status {last}.\n" +
                    $"History: {await DescribeHistoryAsync(id)}\n{diagnostics()}");
            }

            await Task.Delay(PollInterval);
        }
    }

    public Task<string> WaitForTerminalAsync(string id, TimeSpan timeout) =>
        WaitForStatusAsync(id, TerminalStatuses.Contains, timeout, "a terminal status");

    /// <summary>The statuses of <paramref name="ids"/> from one list call; a job the list does not show is <paramref name="unlisted"/>.</summary>
    public async Task<IReadOnlyList<string>> StatusesOfAsync(IReadOnlyList<string> ids, string unlisted = "(not listed)")
    {
        var response = await ListAsync("?limit=1000");
        if (response.Status != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET /jobs/v2 answered {response}. {diagnostics()}");
        }

        var byId = response.Result.EnumerateArray().ToDictionary(job => job.GetProperty("id").GetString()!, job => job.GetProperty("status").GetString()!);
        return ids.Select(id => byId.GetValueOrDefault(id, unlisted)).ToList();
    }

    /// <summary>The job's history as one line per event, for failure messages.</summary>
    public async Task<string> DescribeHistoryAsync(string id)
    {
        try
        {
            var history = await GetHistoryAsync(id);
            return history.Status != HttpStatusCode.OK
                ? history.ToString()
                : string.Join("", history.Result.EnumerateArray().Select(e =>
                    $"\n  {e.GetProperty("created")} {e.GetProperty("status")}: {e.GetProperty("description")}"));
        }
        catch (HttpRequestException exception)
        {
            return $"(history unavailable: {exception.Message})";
        }
    }

    /// <summary>A GET of <paramref name="relativePath"/> read as bytes with its headers, optionally with one Range header.</summary>
    public async Task<Download> DownloadAsync(string relativePath, string? range = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, relativePath);
        if (range is not null)
        {
            request.Headers.TryAddWithoutValidation("Range", range);
        }

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        var contentRange = response.Content.Headers.TryGetValues("Content-Range", out var values) ? values.First() : null;
        return new Download(response.StatusCode, body, response.Content.Headers.ContentType?.MediaType, response.Content.Headers.ContentLength,
            contentRange, response.Content.Headers.LastModified,
            response.Headers.TryGetValues("Accept-Ranges", out var accept) ? accept.First() : null);
    }

    public void Dispose() => http.Dispose();

    private async Task<ApiResponse> SendAsync(HttpMethod method, string path, HttpContent? content = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonElement body = default;
        try
        {
            if (text.Length > 0)
            {
                body = JsonDocument.Parse(text).RootElement.Clone();
            }
        }
        catch (JsonException)
        {
            // Not JSON: Body stays Undefined, Text holds the answer.
        }

        return new ApiResponse(response.StatusCode, body, text, response.Headers.Location);
    }
}
