using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Notifications;

/// <summary>One way of delivering a notification (a webhook, an e-mail): makes one try and says how it went, never throws for the receiver's failures.</summary>
public interface INotificationChannel
{
    /// <summary>Whether this channel delivers to <paramref name="target"/> (a URL or an e-mail address as subscribed).</summary>
    bool Handles(string target);

    Task<DeliveryOutcome> TryAsync(ClaimedDelivery delivery, JobRecord job, CancellationToken cancellationToken);
}
