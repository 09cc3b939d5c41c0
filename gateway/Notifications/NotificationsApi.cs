using System.Text.Json;
using System.Text.Json.Nodes;
using AloeOrleans.Gateway.Auth;
using AloeOrleans.Gateway.Envelope;
using AloeOrleans.Gateway.Jobs;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Notifications;
using AloeOrleans.Grains.Submission;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Gateway.Notifications;

/// <summary>
/// <c>/notifications/v2</c> for job notifications (docs/notifications.md, "The notifications API"): list by
/// <c>associatedUuid</c>, get, add to a job, delete, the delivery log (<c>/attempts</c>) and redelivery of failed
/// deliveries. Only the job's owner and the tenant's admins see or change its notifications; a user who cannot see the
/// job gets 404, one it is shared with gets 403.
/// </summary>
public static class NotificationsApi
{
    private const string AssociatedUuid = "associatedUuid";

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var notifications = app.MapGroup("/notifications/v2").RequireAuthorization().WithTags("Notifications");
        notifications.MapGet("", ListAsync);
        notifications.MapPost("", AddAsync);
        notifications.MapGet("{uuid}", GetAsync);
        notifications.MapDelete("{uuid}", DeleteAsync);
        notifications.MapGet("{uuid}/attempts", AttemptsAsync);
        notifications.MapPost("{uuid}/redeliver", RedeliverAsync);
        return app;
    }

    private static async Task<EnvelopeResult> ListAsync(HttpContext context, [FromServices] JobAccess access, [FromServices] PostgresNotificationStore store)
    {
        if (await access.CallerAsync(context) is not { } caller)
        {
            return EnvelopeResult.Error(StatusCodes.Status401Unauthorized, TokenFailureMessages.Missing);
        }

        var associated = context.Request.Query[AssociatedUuid].ToString();
        if (associated.Length == 0)
        {
            return EnvelopeResult.Error(StatusCodes.Status400BadRequest,
                $"{AssociatedUuid} is required: give the id of the job whose notifications to list (?{AssociatedUuid}=<job id>).");
        }

        if (!PageParameters.TryParse(context.Request.Query, out var page, out var pageError))
        {
            return EnvelopeResult.Error(StatusCodes.Status400BadRequest, pageError);
        }

        return await WithJobAsync(associated, caller, context, access, async job =>
        {
            var links = access.Links(context.Request);
            var items = await store.ListForJobAsync(job.TenantId, job.Uuid, page.Offset, page.Limit, context.RequestAborted);
            return EnvelopeResult.Ok(new JsonArray(items.Select(item => (JsonNode)NotificationJson.ToJson(item, links)).ToArray()));
        });
    }

    private static Task<EnvelopeResult> GetAsync(string uuid, HttpContext context, [FromServices] JobAccess access, [FromServices] PostgresNotificationStore store) =>
        WithNotificationAsync(uuid, context, access, store, notification =>
            Task.FromResult(EnvelopeResult.Ok(NotificationJson.ToJson(notification, access.Links(context.Request)))));

    private static Task<EnvelopeResult> DeleteAsync(string uuid, HttpContext context, [FromServices] JobAccess access, [FromServices] PostgresNotificationStore store) =>
        WithNotificationAsync(uuid, context, access, store, async notification =>
        {
            await store.DeleteAsync(notification.TenantId, notification.Uuid, context.RequestAborted);
            return EnvelopeResult.Ok(null);
        });

    private static Task<EnvelopeResult> AttemptsAsync(string uuid, HttpContext context, [FromServices] JobAccess access, [FromServices] PostgresNotificationStore store) =>
        WithNotificationAsync(uuid, context, access, store, async notification =>
        {
            if (!PageParameters.TryParse(context.Request.Query, out var page, out var error))
            {
                return EnvelopeResult.Error(StatusCodes.Status400BadRequest, error);
            }

            var attempts = await store.AttemptsAsync(notification.Uuid, page.Offset, page.Limit, context.RequestAborted);
            return EnvelopeResult.Ok(new JsonArray(attempts.Select(attempt => (JsonNode)NotificationJson.ToJson(attempt)).ToArray()));
        });

    /// <summary>Puts the notification's failed deliveries back in the outbox with a fresh retry budget; 409 when none failed.</summary>
    private static Task<EnvelopeResult> RedeliverAsync(string uuid, HttpContext context, [FromServices] JobAccess access, [FromServices] PostgresNotificationStore store) =>
        WithNotificationAsync(uuid, context, access, store, async notification =>
        {
            var count = await store.RedeliverAsync(notification.Uuid, context.RequestAborted);
            return count == 0
                ? EnvelopeResult.Error(StatusCodes.Status409Conflict, $"Notification {notification.Uuid} has no failed delivery to send again.")
                : EnvelopeResult.Ok(new JsonObject { ["id"] = notification.Uuid.ToString(), ["redelivering"] = count });
        });

    /// <summary><c>{associatedUuid, event, url, persistent, policy}</c>, checked as a submission's notification is; 201.</summary>
    private static async Task<EnvelopeResult> AddAsync(
        HttpContext context, [FromServices] JobAccess access, [FromServices] PostgresNotificationStore store, [FromServices] IOptionsMonitor<GatewayOptions> options)
    {
        if (await access.CallerAsync(context) is not { } caller)
        {
            return EnvelopeResult.Error(StatusCodes.Status401Unauthorized, TokenFailureMessages.Missing);
        }

        if (!string.IsNullOrEmpty(context.Request.ContentType) && !RequestBody.IsJson(context.Request))
        {
            return EnvelopeResult.Error(StatusCodes.Status415UnsupportedMediaType, $"Content-Type must be application/json, not '{context.Request.ContentType}'.");
        }

        var body = await RequestBody.ReadAsync(context.Request, options.CurrentValue.MaxRequestBodyBytes, context.RequestAborted);
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException exception)
        {
            return EnvelopeResult.Error(StatusCodes.Status400BadRequest, $"The body is not valid JSON: {exception.Message}");
        }

        if (json is null)
        {
            return EnvelopeResult.Error(StatusCodes.Status400BadRequest,
                "The body must be a JSON object {\"associatedUuid\", \"event\", \"url\", \"persistent\", \"policy\"}.");
        }

        if (json[AssociatedUuid] is not JsonValue associatedValue || !associatedValue.TryGetValue<string>(out var associated))
        {
            return EnvelopeResult.Error(StatusCodes.Status400BadRequest, $"{AssociatedUuid}: is required, the id of the job to notify about (a string).");
        }

        json.Remove(AssociatedUuid);
        var errors = new List<SubmissionError>();
        var request = SubmissionRequestParser.ParseNotification(JsonSerializer.SerializeToElement(json), "notification", errors);
        if (request is null)
        {
            return EnvelopeResult.Error(StatusCodes.Status400BadRequest, string.Join("; ", errors.Select(error => error.Message)));
        }

        return await WithJobAsync(associated, caller, context, access, async job =>
        {
            var added = await store.AddAsync(job.TenantId, job.Uuid, request.Event, request.Url, request.Persistent, request.Policy, context.RequestAborted);
            if (added is null)
            {
                return EnvelopeResult.Error(StatusCodes.Status404NotFound, JobAccess.NotFoundMessage(associated));
            }

            var links = access.Links(context.Request);
            return EnvelopeResult.Created(NotificationJson.ToJson(added, links), NotificationJson.Self(links, added.Uuid));
        });
    }

    private static async Task<EnvelopeResult> WithNotificationAsync(
        string uuid, HttpContext context, JobAccess access, PostgresNotificationStore store, Func<NotificationRecord, Task<EnvelopeResult>> onAllowed)
    {
        if (await access.CallerAsync(context) is not { } caller)
        {
            return EnvelopeResult.Error(StatusCodes.Status401Unauthorized, TokenFailureMessages.Missing);
        }

        var notFound = EnvelopeResult.Error(StatusCodes.Status404NotFound, $"No notification with id '{Shown(uuid)}' is visible to you.");
        if (!Guid.TryParse(uuid, out var id) || await store.GetAsync(caller.TenantId, id, context.RequestAborted) is not { } notification)
        {
            return notFound;
        }

        // The notification's job decides: whoever cannot see the job cannot learn that its notification exists.
        var lookup = await access.LookupAsync(notification.JobUuid.ToString(), caller, JobRight.Read, context.RequestAborted);
        if (lookup.Job is not { } job)
        {
            return notFound;
        }

        return await MayManageAsync(job, caller, context, access) ? await onAllowed(notification) : NotManager(job);
    }

    private static async Task<EnvelopeResult> WithJobAsync(
        string jobId, Caller caller, HttpContext context, JobAccess access, Func<JobRecord, Task<EnvelopeResult>> onAllowed)
    {
        var lookup = await access.LookupAsync(jobId, caller, JobRight.Read, context.RequestAborted);
        if (lookup.Job is not { } job)
        {
            return JobAccess.Refusal(lookup, jobId, JobRight.Read);
        }

        return await MayManageAsync(job, caller, context, access) ? await onAllowed(job) : NotManager(job);
    }

    private static async Task<bool> MayManageAsync(JobRecord job, Caller caller, HttpContext context, JobAccess access) =>
        await access.DecideAsync(job, caller, JobRight.Manage, context.RequestAborted) == JobAccessVerdict.Allowed;

    private static EnvelopeResult NotManager(JobRecord job) => EnvelopeResult.Error(StatusCodes.Status403Forbidden,
        $"Only the owner of job {job.Uuid} and the tenant's admins may see or change its notifications; it is shared with you.");

    private static string Shown(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}
