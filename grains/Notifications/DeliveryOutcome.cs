namespace AloeOrleans.Grains.Notifications;

/// <summary>What one try of a delivery came to: delivered or not, the receiver's code when it answered, and why not.</summary>
public sealed record DeliveryOutcome(bool Delivered, DateTimeOffset Started, TimeSpan Duration, int? ResponseCode = null, string? Error = null);
