using System.Globalization;
using System.Text.Json.Nodes;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Persistence;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// The wire shapes of a job: the full object (docs/api.md, "The job object", in that field order, used for GET and for
/// the 201 of a submission), the list item, the status answer and history events. <c>id</c> is the UUID; the
/// sequence number and <c>updateToken</c> never leave the service.
/// </summary>
public static class JobJson
{
    /// <summary>ISO 8601 with milliseconds and offset, e.g. <c>2026-11-28T07:55:22.123+00:00</c>.</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffzzz";

    public static JsonObject ToJson(JobRecord job, JobLinks links)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(links);
        return new JsonObject
        {
            ["id"] = job.Uuid.ToString(),
            ["name"] = job.Spec.Name,
            ["tenantId"] = job.TenantId,
            ["tenantQueue"] = job.TenantQueue,
            ["status"] = job.Status.ToString(),
            ["lastStatusMessage"] = job.LastStatusMessage,
            ["accepted"] = Timestamp(job.Accepted),
            ["created"] = Timestamp(job.Created),
            ["ended"] = Timestamp(job.Ended),
            ["lastUpdated"] = Timestamp(job.LastUpdated),
            ["owner"] = job.Owner,
            ["roles"] = job.Roles,
            ["systemId"] = job.Spec.SystemId,
            ["appId"] = job.Spec.AppId,
            ["appUuid"] = job.Spec.AppUuid,
            ["workPath"] = job.WorkPath,
            ["archive"] = job.Spec.Archive.Enabled,
            ["archivePath"] = job.Spec.Archive.Path,
            ["archiveSystem"] = job.Spec.Archive.SystemId,
            ["nodeCount"] = job.Spec.Resources.NodeCount,
            ["processorsPerNode"] = job.Spec.Resources.ProcessorsPerNode,
            ["memoryPerNode"] = job.Spec.Resources.MemoryPerNodeGb,
            ["maxHours"] = job.Spec.Resources.MaxHours,
            ["inputs"] = EmbeddedObject(job.Spec.Inputs),
            ["parameters"] = EmbeddedObject(job.Spec.Parameters),
            ["remoteJobId"] = job.RemoteJobId,
            ["schedulerJobId"] = job.SchedulerJobId,
            ["remoteQueue"] = job.Spec.Resources.RemoteQueue,
            ["remoteSubmitted"] = Timestamp(job.RemoteSubmitted),
            ["remoteStarted"] = Timestamp(job.RemoteStarted),
            ["remoteEnded"] = Timestamp(job.RemoteEnded),
            ["remoteOutcome"] = job.RemoteOutcome?.ToString(),
            ["submitRetries"] = job.SubmitRetries,
            ["remoteStatusChecks"] = job.RemoteStatusChecks,
            ["failedStatusChecks"] = job.FailedStatusChecks,
            ["lastStatusCheck"] = Timestamp(job.LastStatusCheck),
            ["blockedCount"] = job.BlockedCount,
            ["visible"] = job.Visible,
            ["_links"] = new JsonObject
            {
                ["self"] = Href(links.Self(job.Uuid)),
                ["app"] = Href(links.App(job.Spec.AppId)),
                ["executionSystem"] = Href(links.System(job.Spec.SystemId)),
                ["archiveSystem"] = string.IsNullOrEmpty(job.Spec.Archive.SystemId) ? new JsonObject() : Href(links.System(job.Spec.Archive.SystemId)),
                ["archiveData"] = Href(links.ArchiveData(job)),
                ["owner"] = Href(links.Owner(job.Owner)),
                ["permissions"] = Href(links.Permissions(job.Uuid)),
                ["history"] = Href(links.History(job.Uuid)),
                ["notifications"] = Href(links.Notifications(job.Uuid)),
            },
        };
    }

    /// <summary>The short form of <c>GET /jobs/v2</c> items.</summary>
    public static JsonObject ToListItem(JobRecord job, JobLinks links)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(links);
        return new JsonObject
        {
            ["id"] = job.Uuid.ToString(),
            ["name"] = job.Spec.Name,
            ["owner"] = job.Owner,
            ["systemId"] = job.Spec.SystemId,
            ["appId"] = job.Spec.AppId,
            ["created"] = Timestamp(job.Created),
            ["status"] = job.Status.ToString(),
            ["remoteStarted"] = Timestamp(job.RemoteStarted),
            ["ended"] = Timestamp(job.Ended),
            ["_links"] = new JsonObject
            {
                ["self"] = Href(links.Self(job.Uuid)),
                ["archiveData"] = Href(links.ArchiveData(job)),
            },
        };
    }

    /// <summary>The answer of <c>GET /jobs/v2/{id}/status</c>.</summary>
    public static JsonObject ToStatus(JobRecord job, JobLinks links)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(links);
        return new JsonObject
        {
            ["id"] = job.Uuid.ToString(),
            ["status"] = job.Status.ToString(),
            ["_links"] = new JsonObject { ["self"] = Href(links.Self(job.Uuid)) },
        };
    }

    public static JsonObject ToHistoryItem(JobEvent jobEvent)
    {
        ArgumentNullException.ThrowIfNull(jobEvent);
        return new JsonObject
        {
            ["status"] = jobEvent.Status,
            ["created"] = Timestamp(jobEvent.Created),
            ["createdBy"] = jobEvent.CreatedBy,
            ["description"] = jobEvent.Description,
        };
    }

    public static string? Timestamp(DateTimeOffset? value) =>
        value?.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    private static JsonObject Href(string url) => new() { ["href"] = url };

    /// <summary>Inputs and parameters are stored as JSON text and go out as JSON, not as an escaped string.</summary>
    private static JsonNode? EmbeddedObject(string json) =>
        string.IsNullOrWhiteSpace(json) ? new JsonObject() : JsonNode.Parse(json);
}
