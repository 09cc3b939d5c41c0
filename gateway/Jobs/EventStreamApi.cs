using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AloeOrleans.Gateway.Auth;
using AloeOrleans.Gateway.Envelope;
using AloeOrleans.Grains.Events;
using AloeOrleans.Grains.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Streams;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// Live history events as Server-Sent Events (docs/notifications.md, "The event stream"): <c>GET /jobs/v2/{id}/events</c>
/// for one job (its whole history, then each event as it happens) and <c>GET /jobs/v2/events</c> for every visible job
/// the caller owns (from now on). Each event carries its place in the event feed as the SSE id, so a client that reconnects with
/// <c>Last-Event-ID</c> gets exactly the events after it. The events are read from the event table; an Orleans stream
/// signal only says when to read, from whichever silo wrote them.
/// </summary>
public static class EventStreamApi
{
    private const int BatchSize = 100;
    private static readonly ConcurrentDictionary<string, int> OpenStreams = new(StringComparer.Ordinal);

    public static IEndpointRouteBuilder MapEventStreamApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var jobs = app.MapGroup("/jobs/v2").RequireAuthorization().WithTags("Jobs");
        jobs.MapGet("events", OwnerStreamAsync).Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        jobs.MapGet("{id}/events", JobStreamAsync).Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        return app;
    }

    private static async Task<IResult> JobStreamAsync(
        string id, HttpContext context, [FromServices] JobAccess access, [FromServices] PostgresJobEventFeed feed, [FromServices] IClusterClient client,
        [FromServices] IOptionsMonitor<GatewayOptions> options)
    {
        if (await access.CallerAsync(context) is not { } caller)
        {
            return EnvelopeResult.Error(StatusCodes.Status401Unauthorized, TokenFailureMessages.Missing);
        }

        var lookup = await access.LookupAsync(id, caller, JobRight.Read, context.RequestAborted);
        if (lookup.Job is not { } job)
        {
            return JobAccess.Refusal(lookup, id, JobRight.Read);
        }

        if (!TryLastEventId(context.Request, out var after, out var error))
        {
            return EnvelopeResult.Error(StatusCodes.Status400BadRequest, error);
        }

        return await StreamAsync(context, caller, client, JobEventStreams.ForJob(job.Uuid), after ?? JobEventCursor.Start, options.CurrentValue.EventStream,
            (last, cancellationToken) => feed.ForJobAsync(job.Uuid, last, BatchSize, cancellationToken));
    }

    private static async Task<IResult> OwnerStreamAsync(
        HttpContext context, [FromServices] JobAccess access, [FromServices] PostgresJobEventFeed feed, [FromServices] IClusterClient client,
        [FromServices] IOptionsMonitor<GatewayOptions> options)
    {
        if (await access.CallerAsync(context) is not { } caller)
        {
            return EnvelopeResult.Error(StatusCodes.Status401Unauthorized, TokenFailureMessages.Missing);
        }

        if (!TryLastEventId(context.Request, out var after, out var error))
        {
            return EnvelopeResult.Error(StatusCodes.Status400BadRequest, error);
        }

        var start = after ?? await feed.NowAsync(context.RequestAborted);
        return await StreamAsync(context, caller, client, JobEventStreams.ForTenant(caller.TenantId), start, options.CurrentValue.EventStream,
            (last, cancellationToken) => feed.ForOwnerAsync(caller.TenantId, caller.User, last, BatchSize, cancellationToken));
    }

    private static async Task<IResult> StreamAsync(
        HttpContext context, Caller caller, IClusterClient client, StreamId streamId, JobEventCursor after, EventStreamSettings settings,
        Func<JobEventCursor, CancellationToken, Task<IReadOnlyList<FeedEvent>>> read)
    {
        var streamKey = $"{caller.TenantId}/{caller.User}";
        if (OpenStreams.AddOrUpdate(streamKey, 1, (_, count) => count + 1) > settings.MaxStreamsPerUser)
        {
            Release(streamKey);
            return EnvelopeResult.Error(StatusCodes.Status429TooManyRequests,
                $"You have {settings.MaxStreamsPerUser} event streams open on this server already (Aloe:Gateway:EventStream:MaxStreamsPerUser); close one first.");
        }

        try
        {
            var cancellationToken = context.RequestAborted;
            using var wake = new SemaphoreSlim(0, int.MaxValue);
            var subscription = await client.GetStreamProvider(JobEventStreams.ProviderName).GetStream<JobEventSignal>(streamId)
                .SubscribeAsync((_, _) =>
                {
                    wake.Release();
                    return Task.CompletedTask;
                });
            try
            {
                var response = context.Response;
                response.ContentType = "text/event-stream";
                response.Headers.CacheControl = "no-cache";
                response.Headers["X-Accel-Buffering"] = "no";
                await response.WriteAsync($"retry: {settings.PollSeconds * 1000}\n\n", cancellationToken);
                await response.Body.FlushAsync(cancellationToken);
                var last = after;
                var quietSince = DateTimeOffset.UtcNow;
                while (!cancellationToken.IsCancellationRequested)
                {
                    var events = await read(last, cancellationToken);
                    foreach (var feedEvent in events)
                    {
                        await response.WriteAsync(Format(feedEvent), cancellationToken);
                        last = feedEvent.Cursor;
                    }

                    if (events.Count > 0)
                    {
                        await response.Body.FlushAsync(cancellationToken);
                        quietSince = DateTimeOffset.UtcNow;
                        if (events.Count == BatchSize)
                        {
                            continue;
                        }
                    }

                    var untilHeartbeat = quietSince + TimeSpan.FromSeconds(settings.HeartbeatSeconds) - DateTimeOffset.UtcNow;
                    var wait = TimeSpan.FromSeconds(Math.Min(settings.PollSeconds, Math.Max(0, untilHeartbeat.TotalSeconds)));
                    if (!await wake.WaitAsync(wait, cancellationToken) && DateTimeOffset.UtcNow - quietSince >= TimeSpan.FromSeconds(settings.HeartbeatSeconds))
                    {
                        await response.WriteAsync(": heartbeat\n\n", cancellationToken);
                        await response.Body.FlushAsync(cancellationToken);
                        quietSince = DateTimeOffset.UtcNow;
                    }
                }
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away: the normal end of a stream.
            }
            finally
            {
                await subscription.UnsubscribeAsync();
            }

            return Results.Empty;
        }
        finally
        {
            Release(streamKey);
        }
    }

    /// <summary>SSE's <c>Last-Event-ID</c> header, or <c>lastEventId</c> in the query for clients that cannot set headers.</summary>
    private static bool TryLastEventId(HttpRequest request, out JobEventCursor? after, out string error)
    {
        after = null;
        error = "";
        var text = request.Headers["Last-Event-ID"].ToString();
        if (text.Length == 0)
        {
            text = request.Query["lastEventId"].ToString();
        }

        if (text.Length == 0)
        {
            return true;
        }

        if (JobEventCursor.TryParse(text, out var cursor))
        {
            after = cursor;
            return true;
        }

        error = $"Last-Event-ID must be the id of an event this stream sent (<transaction>-<event id>), not '{(text.Length <= 40 ? text : text[..40] + "…")}'.";
        return false;
    }

    private static string Format(FeedEvent feedEvent)
    {
        var jobEvent = feedEvent.Event;
        var data = JobJson.ToHistoryItem(jobEvent);
        data["id"] = jobEvent.Id;
        data["jobId"] = jobEvent.JobUuid.ToString();
        var builder = new StringBuilder(256);
        builder.Append("id: ").Append(feedEvent.Cursor.ToString()).Append('\n');
        builder.Append("event: ").Append(jobEvent.Status).Append('\n');
        // JSON never contains a raw newline, so one data line carries the whole event.
        builder.Append("data: ").Append(data.ToJsonString()).Append("\n\n");
        return builder.ToString();
    }

    private static void Release(string streamKey) =>
        OpenStreams.AddOrUpdate(streamKey, 0, (_, count) => Math.Max(0, count - 1));
}
