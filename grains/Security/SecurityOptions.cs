using System.ComponentModel.DataAnnotations;
using AloeOrleans.Grains.Configuration;

namespace AloeOrleans.Grains.Security;

/// <summary>The service key that encrypts stored credentials (section <c>Aloe:Security</c>).</summary>
public sealed class SecurityOptions : IValidatableObject
{
    public const string SectionName = "Aloe:Security";

    /// <summary>The key file's name inside the data folder, used when <see cref="CredentialKey"/> is not set.</summary>
    public const string KeyFileName = "credential.key";

    /// <summary>
    /// Base64 of exactly 32 random bytes (AES-256). When unset, the key is read from <c>credential.key</c> in the data
    /// folder, which is created (mode 0600) on first start. Every silo of a cluster must use the same key. Default unset.
    /// </summary>
    public string? CredentialKey { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(CredentialKey) && !CredentialProtector.TryDecodeKey(CredentialKey, out _))
        {
            yield return OptionRules.Broken($"must be base64 of exactly {CredentialProtector.KeyBytes} bytes.", nameof(CredentialKey));
        }
    }
}
