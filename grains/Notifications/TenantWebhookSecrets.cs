using System.Security.Cryptography;
using System.Text;
using AloeOrleans.Grains.Configuration;
using AloeOrleans.Grains.Security;
using Microsoft.Extensions.Options;

namespace AloeOrleans.Grains.Notifications;

/// <summary>
/// Each tenant's webhook signing secret (docs/notifications.md, "Verifying a webhook"), derived from the service's
/// webhook key: HMAC-SHA256(key, "aloe-webhook-secret:v1:" + tenant), base64url. One key serves every tenant and no
/// secret is stored; the key is <c>Aloe:Notifications:SigningKey</c>, else a file generated in the data folder on first
/// use. Every silo of a cluster must be given the same key. The operator reads a tenant's secret with
/// <c>./aloe webhook-secret --tenant T</c>; no API returns it.
/// </summary>
public sealed class TenantWebhookSecrets
{
    public const string KeyFileName = "webhook-signing.key";
    private const int KeyBytes = 32;

    private readonly byte[] key;

    public TenantWebhookSecrets(IOptions<NotificationOptions> options, DataFolder dataFolder)
        : this(LoadKey(options?.Value ?? throw new ArgumentNullException(nameof(options)), dataFolder))
    {
    }

    public TenantWebhookSecrets(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 16)
        {
            throw new ArgumentException("The webhook signing key must be at least 16 bytes.", nameof(key));
        }

        this.key = key.ToArray();
    }

    public string For(string tenantId)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        return Base64Url(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("aloe-webhook-secret:v1:" + tenantId)));
    }

    private static byte[] LoadKey(NotificationOptions options, DataFolder dataFolder)
    {
        var text = string.IsNullOrWhiteSpace(options.SigningKey)
            ? SecretKeyFile.ReadOrCreate(dataFolder.File(KeyFileName), KeyBytes)
            : options.SigningKey;
        try
        {
            return Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{NotificationOptions.SectionName}:SigningKey (or the {KeyFileName} file) is not base64.");
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
