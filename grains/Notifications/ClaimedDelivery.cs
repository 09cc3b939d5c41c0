namespace AloeOrleans.Grains.Notifications;

/// <summary>
/// A due delivery a dispatcher holds under a lease (<see cref="LeaseToken"/>): the event it reports, the target and its
/// notification's policy. <see cref="Attempts"/> counts the tries made before this one.
/// </summary>
public sealed record ClaimedDelivery
{
    public required Guid Uuid { get; init; }
    public required Guid LeaseToken { get; init; }
    public required Guid NotificationUuid { get; init; }
    public required Guid JobUuid { get; init; }
    public required long EventId { get; init; }
    public required string Event { get; init; }
    public required string Status { get; init; }
    public required string Target { get; init; }
    public required int Attempts { get; init; }
    public required NotificationPolicy Policy { get; init; }
    public required string TenantId { get; init; }

    /// <summary>Where the tries go: a webhook's host and port, or <c>smtp</c>.</summary>
    public required string Destination { get; init; }
}
