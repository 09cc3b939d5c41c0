namespace AloeOrleans.Gateway.Auth;

/// <summary>Decodes a base64 HS256 key and refuses keys too short to be safe.</summary>
internal static class SigningKeyText
{
    public const int MinimumBytes = 32;

    public static byte[] Decode(string base64, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The JWT signing key in {source} is not base64.");
        }

        return key.Length >= MinimumBytes
            ? key
            : throw new InvalidOperationException(
                $"The JWT signing key in {source} has {key.Length} bytes; HS256 needs at least {MinimumBytes}.");
    }
}
