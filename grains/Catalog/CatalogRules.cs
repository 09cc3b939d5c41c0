using System.Buffers.Text;
using System.Text.RegularExpressions;

namespace AloeOrleans.Grains.Catalog;

/// <summary>Rules shared by the system and app validators: ids, fingerprints, regexes.</summary>
internal static partial class CatalogRules
{
    public const int MaxIdLength = 64;

    private static readonly TimeSpan PatternCheckTimeout = TimeSpan.FromMilliseconds(200);

    public static void CheckId(string field, string? id, List<CatalogError> errors)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength || !IdPattern().IsMatch(id))
        {
            errors.Add(CatalogError.For(field,
                $"must be 1 to {MaxIdLength} characters from A-Z, a-z, 0-9, '.', '_' and '-', got \"{Shown(id)}\""));
        }
    }

    /// <summary>OpenSSH's form: <c>SHA256:</c> followed by the base64 (padding optional) of a 32-byte digest.</summary>
    public static bool IsSha256Fingerprint(string? text)
    {
        if (text is null || !text.StartsWith("SHA256:", StringComparison.Ordinal))
        {
            return false;
        }

        var encoded = text["SHA256:".Length..].TrimEnd('=');
        var padded = encoded + new string('=', (4 - (encoded.Length % 4)) % 4);
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(padded.Length)];
        return Convert.TryFromBase64String(padded, bytes, out var written) && written == 32;
    }

    public static void CheckPattern(string field, string? pattern, List<CatalogError> errors)
    {
        if (pattern is null)
        {
            return;
        }

        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, PatternCheckTimeout);
        }
        catch (ArgumentException exception)
        {
            errors.Add(CatalogError.For(field, $"is not a valid regular expression ({exception.Message})"));
        }
    }

    public static string Shown(string? text) =>
        text is null ? "" : Submission.JsonValueDescription.Shorten(text);

    [GeneratedRegex(@"\A[A-Za-z0-9._-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
