using System.Security.Cryptography;
using AloeOrleans.Grains.Notifications;
using Xunit;

namespace AloeOrleans.Tests.EndToEnd.Notifications;

/// <summary>
/// One service process for the notification tests, with a known webhook signing key (so a test computes the tenant's
/// secret as a receiver would be given it), a short poll interval and request timeout, two tries in flight per
/// destination, and e-mail through the project's SMTP server (scripts/smtp.sh) when the environment names it.
/// </summary>
public sealed class NotificationServiceFixture : IAsyncLifetime
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(3);
    public const int PerDestination = 2;
    public const int HeartbeatSeconds = 10;

    private readonly byte[] signingKey = RandomNumberGenerator.GetBytes(32);

    public AloeServiceProcess Service { get; private set; } = null!;

    public TenantWebhookSecrets Secrets => new(signingKey);

    public static IReadOnlyDictionary<string, string> Settings(byte[] signingKey)
    {
        var settings = new Dictionary<string, string>
        {
            ["Aloe__Notifications__SigningKey"] = Convert.ToBase64String(signingKey),
            ["Aloe__Notifications__PollInterval"] = "00:00:00.200",
            ["Aloe__Notifications__RequestTimeout"] = "00:00:03",
            ["Aloe__Notifications__Lease"] = "00:00:10",
            ["Aloe__Notifications__MaxConcurrencyPerDestination"] = PerDestination.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Aloe__Gateway__EventStream__HeartbeatSeconds"] = HeartbeatSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Aloe__Gateway__EventStream__PollSeconds"] = "30",
        };
        if (Environment.GetEnvironmentVariable("ALOE_SMTP_PORT") is { Length: > 0 } smtpPort)
        {
            settings["Aloe__Smtp__Host"] = Environment.GetEnvironmentVariable("ALOE_SMTP_HOST") ?? "127.0.0.1";
            settings["Aloe__Smtp__Port"] = smtpPort;
            settings["Aloe__Smtp__Security"] = "None";
            settings["Aloe__Smtp__From"] = "aloe-jobs@aloe.test";
        }

        return settings;
    }

    public async Task InitializeAsync() =>
        Service = await AloeServiceProcess.StartAsync(E2eCatalog.Write, environment: Settings(signingKey));

    public async Task DisposeAsync()
    {
        if (Service is not null)
        {
            await Service.DisposeAsync();
        }
    }
}
