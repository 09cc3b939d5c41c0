namespace AloeOrleans.Grains.Notifications;

/// <summary>
/// One try of one delivery (<c>aloe_notification_attempts</c>): when, how long, the HTTP status or SMTP reply code when
/// the receiver answered, and the error when it was not delivered.
/// </summary>
public sealed record NotificationAttempt(
    long Id,
    Guid DeliveryUuid,
    long EventId,
    string Event,
    int Attempt,
    DateTimeOffset Started,
    int DurationMs,
    int? ResponseCode,
    string? Error,
    bool Delivered);
