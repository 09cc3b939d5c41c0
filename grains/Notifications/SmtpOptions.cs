using System.ComponentModel.DataAnnotations;
using AloeOrleans.Grains.Configuration;
using MimeKit;

namespace AloeOrleans.Grains.Notifications;

/// <summary>The SMTP server e-mail notifications go through (section <c>Aloe:Smtp</c>; docs/notifications.md, docs/configuration.md).</summary>
public sealed class SmtpOptions : IValidatableObject
{
    public const string SectionName = "Aloe:Smtp";

    /// <summary>The server's host name or address. Default empty: e-mail notifications fail with "e-mail is not configured".</summary>
    public string Host { get; set; } = "";

    /// <summary>Default 25.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>Default StartTlsWhenAvailable.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTlsWhenAvailable;

    /// <summary>The account to authenticate as; default empty: no authentication.</summary>
    public string? Username { get; set; }

    /// <summary>Its password (give it through the environment or a secret store, never in appsettings.json). Never logged.</summary>
    public string? Password { get; set; }

    /// <summary>The sender address. Default "aloe-jobs@localhost".</summary>
    public string From { get; set; } = "aloe-jobs@localhost";

    /// <summary>The sender's display name. Default "Aloe Jobs".</summary>
    public string FromName { get; set; } = "Aloe Jobs";

    /// <summary>Longest one message may take, connecting included. Default 30 s.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!MailboxAddress.TryParse(From, out var from) || from.Address.Length == 0 || !from.Address.Contains('@', StringComparison.Ordinal))
        {
            yield return OptionRules.Broken("must be an e-mail address.", nameof(From));
        }

        if (FromName.Any(char.IsControl))
        {
            yield return OptionRules.Broken("must not contain control characters.", nameof(FromName));
        }

        if (!string.IsNullOrEmpty(Password) && string.IsNullOrEmpty(Username))
        {
            yield return OptionRules.Broken("a password needs a Username.", nameof(Password));
        }
    }
}
