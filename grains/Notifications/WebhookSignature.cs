using System.Security.Cryptography;
using System.Text;

namespace AloeOrleans.Grains.Notifications;

/// <summary>
/// The signature of a webhook body (docs/notifications.md, "Verifying a webhook"): <c>sha256=</c> and the lower-case hex
/// HMAC-SHA256 of the exact body bytes under the tenant's webhook secret, sent as <see cref="HeaderName"/>. Pure.
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "X-Aloe-Signature";
    public const string Prefix = "sha256=";

    public static string Sign(string secret, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }

    /// <summary>Whether <paramref name="header"/> is the signature of <paramref name="body"/> (constant-time comparison).</summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? header) =>
        header is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, body)), Encoding.ASCII.GetBytes(header));
}
