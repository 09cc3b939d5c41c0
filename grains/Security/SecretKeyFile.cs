using System.Security.Cryptography;

namespace AloeOrleans.Grains.Security;

/// <summary>
/// A key file generated on first use: base64 of random bytes, readable by its owner only from the moment it exists,
/// and never seen half-written by a process starting at the same time (<see cref="WriteOnceFile"/>).
/// The service's credential key and the embedded install's JWT signing key are both kept this way.
/// </summary>
public static class SecretKeyFile
{
    /// <summary>The text of the key file at <paramref name="path"/>, creating it (and its folder) with <paramref name="bytes"/> random bytes when missing.</summary>
    public static string ReadOrCreate(string path, int bytes)
    {
        if (!File.Exists(path))
        {
            TryCreate(path, bytes);
        }

        return File.ReadAllText(path);
    }

    private static void TryCreate(string path, int bytes) =>
        WriteOnceFile.TryCreate(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)) + "\n");
}
