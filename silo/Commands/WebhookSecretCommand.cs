using AloeOrleans.Grains.Configuration;
using AloeOrleans.Grains.Notifications;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Silo.Commands;

/// <summary>
/// <c>webhook-secret --tenant T</c>: prints the tenant's webhook signing secret (docs/notifications.md, "Verifying a
/// webhook") for the operator to hand to the tenant's receivers. It reads the same key the service uses
/// (<c>Aloe:Notifications:SigningKey</c>, else the data folder's key file), so run it with the service's configuration.
/// </summary>
public static class WebhookSecretCommand
{
    public const string Usage = "usage: webhook-secret --tenant TENANT";

    public static int Run(IReadOnlyList<string> args, IConfiguration configuration, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        string? tenant = null;
        for (var index = 0; index < args.Count; index++)
        {
            if (args[index] == "--tenant" && index + 1 < args.Count)
            {
                tenant = args[++index];
            }
            else
            {
                error.WriteLine($"webhook-secret: unexpected argument '{args[index]}'\n{Usage}");
                return 2;
            }
        }

        if (string.IsNullOrWhiteSpace(tenant) || tenant.Length > 64 || tenant.Any(char.IsControl))
        {
            error.WriteLine($"webhook-secret: --tenant must name a tenant (1 to 64 characters)\n{Usage}");
            return 2;
        }

        var options = configuration.GetSection(NotificationOptions.SectionName).Get<NotificationOptions>() ?? new NotificationOptions();
        try
        {
            output.WriteLine(new TenantWebhookSecrets(Options.Create(options), DataFolder.From(configuration)).For(tenant));
            return 0;
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"webhook-secret: {exception.Message}");
            return 1;
        }
    }
}
