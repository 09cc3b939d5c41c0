using System.Security.Cryptography;

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
    public static byte[] LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            TryCreate(path);
        }

        return SigningKeyText.Decode(File.ReadAllText(path), path);
    }

    private static void TryCreate(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var text = Convert.ToBase64String(RandomNumberGenerator.GetBytes(GeneratedKeyBytes)) + "\n";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Set at creation so the key is never readable by others, not even for a moment.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(path, options);
            using var writer = new StreamWriter(stream);
            writer.Write(text);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process (the silo and `./aloe token` may start together) created it first: use theirs.
        }
    }
}
