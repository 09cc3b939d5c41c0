using System.Diagnostics;
using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Notifications;

/// <summary>E-mail deliveries (docs/notifications.md, "E-mail"): the composed message to the subscribed address through <see cref="IEmailSender"/>.</summary>
public sealed class EmailChannel(IEmailSender sender, INotificationView view, TimeProvider timeProvider) : INotificationChannel
{
    public bool Handles(string target) => NotificationRecord.IsEmailTarget(target);

    public async Task<DeliveryOutcome> TryAsync(ClaimedDelivery delivery, JobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var started = timeProvider.GetUtcNow();
        var clock = Stopwatch.StartNew();
        try
        {
            await sender.SendAsync(delivery.Target, NotificationEmailComposer.Compose(view.Context(job, delivery.Event, delivery.Status)), cancellationToken);
            return new DeliveryOutcome(true, started, clock.Elapsed, 250);
        }
        catch (EmailDeliveryException failed)
        {
            return new DeliveryOutcome(false, started, clock.Elapsed, failed.SmtpStatus, failed.Message);
        }
    }
}
