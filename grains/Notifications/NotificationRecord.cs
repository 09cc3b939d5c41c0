namespace AloeOrleans.Grains.Notifications;

/// <summary>One notification subscription of a job (<c>aloe_notifications</c>; docs/notifications.md).</summary>
public sealed record NotificationRecord
{
    public required Guid Uuid { get; init; }
    public required string TenantId { get; init; }
    public required string Owner { get; init; }
    public required Guid JobUuid { get; init; }
    public required string Event { get; init; }
    public required string Url { get; init; }
    public required bool Persistent { get; init; }
    public required NotificationPolicy Policy { get; init; }

    /// <summary>ACTIVE, COMPLETE (a one-time notification that fired) or FAILED (its last delivery exhausted its retries).</summary>
    public required string Status { get; init; }
    public required DateTimeOffset Created { get; init; }
    public required DateTimeOffset LastUpdated { get; init; }
    public DateTimeOffset? LastSent { get; init; }

    /// <summary>Whether the target is an e-mail address (else a webhook URL).</summary>
    public bool IsEmail => IsEmailTarget(Url);

    public static bool IsEmailTarget(string target) =>
        !target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !target.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
