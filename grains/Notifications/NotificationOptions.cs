using System.ComponentModel.DataAnnotations;
using AloeOrleans.Grains.Configuration;
using AloeOrleans.Grains.Network;

namespace AloeOrleans.Grains.Notifications;

/// <summary>Tunables of notification delivery (section <c>Aloe:Notifications</c>; docs/notifications.md, docs/configuration.md).</summary>
public sealed class NotificationOptions : IValidatableObject
{
    public const string SectionName = "Aloe:Notifications";
    public const string AllowedNetworksSetting = SectionName + ":AllowedNetworks";

    /// <summary>Whether this silo runs a dispatcher. Default true; every silo may, they share the outbox safely.</summary>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>
    /// Networks beyond the public internet that webhooks may reach, as for inputs (<c>Aloe:Staging:AllowedNetworks</c>,
    /// docs/security.md). Default empty: loopback and private networks are refused (Development allows loopback).
    /// </summary>
    public string AllowedNetworks { get; set; } = "";

    /// <summary>
    /// Base64 key from which each tenant's webhook secret is derived. Default empty: a key generated in the data folder
    /// (<c>webhook-signing.key</c>) on first use. Set it (the same on every silo) in a cluster.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>How often the dispatcher looks for due deliveries when nothing wakes it. Default 1 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most deliveries one dispatcher claims at a time. Default 200.</summary>
    [Range(1, 10000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>Most tries in flight at once from one silo (cheap: a try is an await, not a thread). Default 256.</summary>
    [Range(1, 10000)]
    public int MaxConcurrency { get; set; } = 256;

    /// <summary>
    /// Most tries in flight at once to one destination (a webhook host and port, or the SMTP server) from one silo, so a
    /// slow receiver holds only its own slots. Default 16.
    /// </summary>
    [Range(1, 1000)]
    public int MaxConcurrencyPerDestination { get; set; } = 16;

    /// <summary>Longest one webhook request may take, connecting included; a timeout is a failed try. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a claimed delivery stays with its dispatcher; a silo that dies holding one gives it up after this.
    /// Must exceed <see cref="RequestTimeout"/>. Default 2 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The User-Agent of webhook requests. Default "Aloe-Jobs-Notifications/2".</summary>
    [Required]
    public string UserAgent { get; set; } = "Aloe-Jobs-Notifications/2";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var problem in NetworkPolicy.Problems(AllowedNetworks))
        {
            yield return OptionRules.Broken(problem, nameof(AllowedNetworks));
        }

        if (Lease <= RequestTimeout)
        {
            yield return OptionRules.Broken($"must be longer than RequestTimeout ({RequestTimeout}).", nameof(Lease));
        }

        if (!string.IsNullOrWhiteSpace(SigningKey) && !IsBase64Of16Bytes(SigningKey))
        {
            yield return OptionRules.Broken("must be base64 of at least 16 bytes.", nameof(SigningKey));
        }

        if (UserAgent.Any(char.IsControl))
        {
            yield return OptionRules.Broken("must not contain control characters.", nameof(UserAgent));
        }
    }

    private static bool IsBase64Of16Bytes(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text.Trim(), buffer, out var written) && written >= 16;
    }
}
