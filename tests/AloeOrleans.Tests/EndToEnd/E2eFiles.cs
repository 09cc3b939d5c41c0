namespace AloeOrleans.Tests.EndToEnd;

/// <summary>Where a test service keeps the files of its LOCAL systems: the one place tests locate them on this host.</summary>
public static class E2eFiles
{
    /// <summary>The path of <paramref name="relative"/> on the <c>local-storage</c> system of tenant <see cref="E2eCatalog.Tenant"/>.</summary>
    public static string OnLocalStorage(AloeServiceProcess service, string relative) =>
        Path.Combine(service.DataDir, "systems", "local-storage", relative);

    /// <summary>Writes <paramref name="text"/> (with Unix line endings) to <paramref name="relative"/> on <c>local-storage</c>, creating folders.</summary>
    public static string WriteOnLocalStorage(AloeServiceProcess service, string relative, string text)
    {
        var path = OnLocalStorage(service, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }
}
