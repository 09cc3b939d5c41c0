using AloeOrleans.Grains.Security;

namespace AloeOrleans.Gateway.Auth;

/// <summary>
/// The symmetric signing key file of the embedded install: base64 of random bytes, readable by the owner only, so
/// that the gateway and <c>./aloe token</c> agree on a key without any set-up.
/// </summary>
public static class DevelopmentSigningKey
{
    /// <summary>32 bytes is the HS256 minimum; 64 matches the SHA-256 block size.</summary>
    private const int GeneratedKeyBytes = 64;

    /// <summary>Reads the key at <paramref name="path"/>, creating the file (and its folder) first when it is missing.</summary>
    public static byte[] LoadOrCreate(string path) => SigningKeyText.Decode(SecretKeyFile.ReadOrCreate(path, GeneratedKeyBytes), path);
}
