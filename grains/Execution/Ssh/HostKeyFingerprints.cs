namespace AloeOrleans.Grains.Execution.Ssh;

/// <summary>
/// SHA256 host key fingerprints as OpenSSH prints them (<c>SHA256:</c> and unpadded base64) and as SSH.NET reports them
/// (base64 without prefix or padding).
/// </summary>
public static class HostKeyFingerprints
{
    private const string Prefix = "SHA256:";

    /// <summary>The base64 part only: no <c>SHA256:</c> prefix, no <c>=</c> padding, no surrounding blanks.</summary>
    public static string Normalize(string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        var value = fingerprint.Trim();
        if (value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            value = value[Prefix.Length..];
        }
        return value.TrimEnd('=');
    }

    /// <summary>Whether both name the same key, ignoring the prefix and padding (base64 itself is case-sensitive).</summary>
    public static bool Matches(string expected, string presented) =>
        string.Equals(Normalize(expected), Normalize(presented), StringComparison.Ordinal);

    /// <summary>Whether <paramref name="fingerprint"/> is a well-formed SHA256 fingerprint (32 bytes of base64).</summary>
    public static bool IsWellFormed(string? fingerprint)
    {
        if (string.IsNullOrWhiteSpace(fingerprint))
        {
            return false;
        }
        var value = Normalize(fingerprint);
        var padded = value.PadRight(value.Length + ((4 - (value.Length % 4)) % 4), '=');
        Span<byte> bytes = stackalloc byte[48];
        return Convert.TryFromBase64String(padded, bytes, out var written) && written == 32;
    }

    /// <summary>The OpenSSH display form, <c>SHA256:&lt;base64&gt;</c>.</summary>
    public static string Display(string fingerprint) => Prefix + Normalize(fingerprint);
}
