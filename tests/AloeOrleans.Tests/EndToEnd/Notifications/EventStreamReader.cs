using System.Net;
using System.Net.Http.Headers;
using System.Threading.Channels;

namespace AloeOrleans.Tests.EndToEnd.Notifications;

/// <summary>A real SSE client: one streaming GET whose events (and comments) arrive on a channel as the server sends them.</summary>
public sealed class EventStreamReader : IAsyncDisposable
{
    private readonly HttpClient http;
    private readonly CancellationTokenSource stop = new();
    private readonly Channel<ServerSentEvent> events = Channel.CreateUnbounded<ServerSentEvent>();
    private Task reading = Task.CompletedTask;

    private EventStreamReader(HttpClient http) => this.http = http;

    public HttpStatusCode Status { get; private set; }

    public string? ContentType { get; private set; }

    public static async Task<EventStreamReader> OpenAsync(Uri baseAddress, string token, string path, string? lastEventId = null)
    {
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var reader = new EventStreamReader(http);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, reader.stop.Token);
        reader.Status = response.StatusCode;
        reader.ContentType = response.Content.Headers.ContentType?.MediaType;
        reader.reading = reader.ReadAsync(response);
        return reader;
    }

    /// <summary>The next event or comment, or a TimeoutException naming <paramref name="what"/>.</summary>
    public async Task<ServerSentEvent> NextAsync(TimeSpan timeout, string what)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            return await events.Reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{what}: nothing within {timeout.TotalSeconds} s");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"{what}: the stream ended");
        }
    }

    /// <summary>Events (comments skipped) until one satisfies <paramref name="last"/>, that one included.</summary>
    public async Task<List<ServerSentEvent>> ReadUntilAsync(Func<ServerSentEvent, bool> last, TimeSpan timeout, string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var read = new List<ServerSentEvent>();
        while (true)
        {
            var next = await NextAsync(deadline - DateTimeOffset.UtcNow is { TotalMilliseconds: > 0 } left ? left : TimeSpan.FromMilliseconds(1), what);
            if (next.Comment is not null)
            {
                continue;
            }

            read.Add(next);
            if (last(next))
            {
                return read;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await reading;
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException)
        {
            // Closing the stream is how a client disconnects.
        }

        http.Dispose();
        stop.Dispose();
    }

    private async Task ReadAsync(HttpResponseMessage response)
    {
        try
        {
            using (response)
            {
                await using var stream = await response.Content.ReadAsStreamAsync(stop.Token);
                using var text = new StreamReader(stream);
                string? id = null, name = null, data = null;
                while (await text.ReadLineAsync(stop.Token) is { } line)
                {
                    if (line.Length == 0)
                    {
                        if (id is not null || name is not null || data is not null)
                        {
                            await events.Writer.WriteAsync(new ServerSentEvent(id, name, data), stop.Token);
                        }

                        (id, name, data) = (null, null, null);
                    }
                    else if (line.StartsWith(':'))
                    {
                        await events.Writer.WriteAsync(new ServerSentEvent(null, null, null, line[1..].Trim()), stop.Token);
                    }
                    else if (line.StartsWith("id: ", StringComparison.Ordinal))
                    {
                        id = line[4..];
                    }
                    else if (line.StartsWith("event: ", StringComparison.Ordinal))
                    {
                        name = line[7..];
                    }
                    else if (line.StartsWith("data: ", StringComparison.Ordinal))
                    {
                        data = line[6..];
                    }
                }
            }
        }
        finally
        {
            events.Writer.TryComplete();
        }
    }
}
