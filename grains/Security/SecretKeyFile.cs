using System.Security.Cryptography;

namespace AloeOrleans.Grains.Security;

/// <summary>
/// A key file generated on first use: base64 of random bytes, readable by its owner only from the moment it exists.
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

    private static void TryCreate(string path, int bytes)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

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
            writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)) + "\n");
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process (another silo, or the silo and `./aloe token` starting together) created it first: use theirs.
        }
    }
}
