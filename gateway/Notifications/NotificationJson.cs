using System.Text.Json.Nodes;
using AloeOrleans.Gateway.Jobs;
using AloeOrleans.Grains.Notifications;

namespace AloeOrleans.Gateway.Notifications;

/// <summary>Notifications and their tries as <c>/notifications/v2</c> shows them (docs/notifications.md, Agave's field names).</summary>
public static class NotificationJson
{
    public static JsonObject ToJson(NotificationRecord notification, JobLinks links)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(links);
        var self = Self(links, notification.Uuid);
        return new JsonObject
        {
            ["id"] = notification.Uuid.ToString(),
            ["owner"] = notification.Owner,
            ["tenantId"] = notification.TenantId,
            ["associatedUuid"] = notification.JobUuid.ToString(),
            ["event"] = notification.Event,
            ["url"] = notification.Url,
            ["persistent"] = notification.Persistent,
            ["status"] = notification.Status,
            ["policy"] = notification.Policy.ToJson(),
            ["created"] = JobJson.Timestamp(notification.Created),
            ["lastUpdated"] = JobJson.Timestamp(notification.LastUpdated),
            ["lastSent"] = JobJson.Timestamp(notification.LastSent),
            ["_links"] = new JsonObject
            {
                ["self"] = Href(self),
                ["attempts"] = Href(self + "/attempts"),
                ["job"] = Href(links.Self(notification.JobUuid)),
            },
        };
    }

    public static JsonObject ToJson(NotificationAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return new JsonObject
        {
            ["id"] = attempt.Id,
            ["deliveryId"] = attempt.DeliveryUuid.ToString(),
            ["eventId"] = attempt.EventId,
            ["event"] = attempt.Event,
            ["attemptNumber"] = attempt.Attempt,
            ["startTime"] = JobJson.Timestamp(attempt.Started),
            ["durationMs"] = attempt.DurationMs,
            ["responseCode"] = attempt.ResponseCode,
            ["error"] = attempt.Error,
            ["success"] = attempt.Delivered,
        };
    }

    public static string Self(JobLinks links, Guid uuid)
    {
        ArgumentNullException.ThrowIfNull(links);
        return $"{links.BaseUrl}notifications/v2/{uuid}";
    }

    private static JsonObject Href(string url) => new() { ["href"] = url };
}
