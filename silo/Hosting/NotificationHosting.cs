using AloeOrleans.Gateway.Notifications;
using AloeOrleans.Grains.Notifications;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AloeOrleans.Silo.Hosting;

/// <summary>
/// The notification dispatcher and its channels (docs/notifications.md). Only the service host adds them: they render
/// jobs with the gateway's JSON, which the in-process grain test cluster does not have.
/// </summary>
public static class NotificationHosting
{
    public static IServiceCollection AddAloeNotifications(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<INotificationView, JobNotificationView>();
        services.AddSingleton<WebhookChannel>();
        services.AddSingleton<INotificationChannel>(provider => provider.GetRequiredService<WebhookChannel>());
        services.AddSingleton<IEmailSender, MailKitEmailSender>();
        services.AddSingleton<INotificationChannel, EmailChannel>();
        services.AddHostedService<NotificationDispatcher>();
        return services;
    }
}
