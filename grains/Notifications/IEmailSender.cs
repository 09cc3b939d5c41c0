namespace AloeOrleans.Grains.Notifications;

/// <summary>
/// Sends one e-mail to one address (docs/notifications.md, "E-mail"). Returns when the SMTP server accepted it; throws
/// <see cref="EmailDeliveryException"/> when it refused it or could not be reached, so the dispatcher retries per policy.
/// </summary>
public interface IEmailSender
{
    Task SendAsync(string toAddress, EmailContent content, CancellationToken cancellationToken);
}
