using AloeOrleans.Grains.Notifications;

namespace AloeOrleans.Grains.Submission;

/// <summary>
/// A notification subscription of a submission: event (a status name or <c>*</c>), URL or e-mail address, persistence,
/// and the retry policy of its deliveries (docs/notifications.md).
/// </summary>
public sealed record NotificationRequest(string Event, string Url, bool Persistent)
{
    public NotificationPolicy Policy { get; init; } = NotificationPolicy.Default;
}
