namespace AloeOrleans.Tests.Units;

/// <summary>A fresh folder under the system temp dir, deleted (best effort) at dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix = "aloe-units-") => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Creates the folder <paramref name="relative"/> (and parents); returns its full path.</summary>
    public string Folder(string relative) => Directory.CreateDirectory(Combine(relative)).FullName;

    /// <summary>Writes <paramref name="text"/> to <paramref name="relative"/>, creating parents; returns the full path.</summary>
    public string File(string relative, string text = "x")
    {
        var path = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS.
        }
    }
}
