namespace AloeOrleans.GrainInterfaces.Jobs;

/// <summary>
/// The kinds of history events that are no status change (docs/api.md, "History"). A history item's <c>status</c> is
/// the status the job entered, or one of these; none of them is a status name, so a client reading statuses from the
/// history never mistakes an event for a transition.
/// </summary>
public static class JobHistoryKinds
{
    /// <summary>The job was hidden (<c>POST /jobs/v2/{id}/hide</c> and its aliases).</summary>
    public const string Hidden = "HIDDEN";

    /// <summary>The job was made visible again (<c>unhide</c>, <c>restore</c>).</summary>
    public const string Unhidden = "UNHIDDEN";

    /// <summary>On the job that was resubmitted: which job it was resubmitted as.</summary>
    public const string ResubmittedAs = "RESUBMITTED_AS";

    /// <summary>On the job a resubmission created: which job it was resubmitted from.</summary>
    public const string ResubmittedFrom = "RESUBMITTED_FROM";

    /// <summary>A user was given a permission on the job (Agave's name).</summary>
    public const string PermissionGrant = "PERMISSION_GRANT";

    /// <summary>A user's permission on the job was taken away (Agave's name).</summary>
    public const string PermissionRevoke = "PERMISSION_REVOKE";

    /// <summary>One input was staged (id, source, file name, bytes).</summary>
    public const string StagingProgress = "STAGING_PROGRESS";

    /// <summary>A notification of one of the job's events was delivered (docs/notifications.md); never itself notified.</summary>
    public const string NotificationDelivered = "NOTIFICATION_DELIVERED";

    /// <summary>A notification of one of the job's events failed after its retries; never itself notified.</summary>
    public const string NotificationFailed = "NOTIFICATION_FAILED";

    /// <summary>The job was moved to another tenant queue, its own having been removed (docs/queues.md, "Defining queues").</summary>
    public const string TenantQueueChanged = "TENANT_QUEUE_CHANGED";

    private static readonly HashSet<string> All =
        [TenantQueueChanged, Hidden, Unhidden, ResubmittedAs, ResubmittedFrom, PermissionGrant, PermissionRevoke, StagingProgress, NotificationDelivered, NotificationFailed];

    /// <summary>Every kind, for messages and tests.</summary>
    public static IReadOnlyCollection<string> Names => All;

    /// <summary>Whether <paramref name="kind"/> is one of the kinds above (exact spelling).</summary>
    public static bool IsKnown(string kind) => kind is not null && All.Contains(kind);
}
