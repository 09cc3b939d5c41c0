namespace AloeOrleans.Grains.Notifications;

/// <summary>
/// What one notification of one job event says about the job (docs/notifications.md): the values of the webhook URL
/// macros and the fields of the e-mail. <see cref="Status"/> is the status the event recorded; the rest is the job
/// when the notification is sent. Times are null until the job reaches them.
/// </summary>
public sealed record JobNotificationContext
{
    public required Guid JobUuid { get; init; }
    public required string Event { get; init; }
    public required string Status { get; init; }
    public required string TenantId { get; init; }
    public required string Owner { get; init; }
    public required string Name { get; init; }
    public required string AppId { get; init; }
    public required string SystemId { get; init; }
    public required string Message { get; init; }
    public required string JobUrl { get; init; }
    public required string ArchivePath { get; init; }
    public required string ArchiveUrl { get; init; }
    public string Error { get; init; } = "";
    public DateTimeOffset? SubmitTime { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
}
