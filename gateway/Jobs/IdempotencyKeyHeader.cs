using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>The optional <c>Idempotency-Key</c> request header of submit and resubmit (docs/api.md, "Headers"). Pure.</summary>
public static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";

    public const int MaxLength = 255;

    /// <summary>The key (null when absent or empty), or false with an error naming the header and its limit.</summary>
    public static bool TryRead(HttpRequest request, out string? key, out string error)
    {
        ArgumentNullException.ThrowIfNull(request);
        key = null;
        error = "";
        if (!request.Headers.TryGetValue(Name, out var values) || string.IsNullOrEmpty(values.ToString()))
        {
            return true;
        }

        var text = values.ToString();
        if (text.Length > MaxLength)
        {
            error = $"The {Name} header has {text.Length} characters; at most {MaxLength} are allowed.";
            return false;
        }

        key = text;
        return true;
    }

    /// <summary>
    /// The key a resubmission of <paramref name="original"/> is stored under: scoped to that job, so that the same key
    /// on another job's resubmission, or on a plain submission, makes a job of its own; the caller's key is hashed so the
    /// scoped key always fits the column (110 characters).
    /// </summary>
    public static string ForResubmission(Guid original, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return $"resubmit:{original}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))}";
    }
}
