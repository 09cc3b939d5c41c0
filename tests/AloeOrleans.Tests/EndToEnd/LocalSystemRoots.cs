namespace AloeOrleans.Tests.EndToEnd;

/// <summary>
/// Where a LOCAL system of a test service keeps its files on this host (its rootDir under the service's data folder):
/// the one place the file-access tests compute it, so a change of layout changes only this.
/// </summary>
public static class LocalSystemRoots
{
    public static string Of(AloeServiceProcess service, string tenant, string systemId)
    {
        ArgumentNullException.ThrowIfNull(service);
        var rootDir = (tenant, systemId) switch
        {
            (E2eCatalog.Tenant, "local") => "systems/local",
            (E2eCatalog.Tenant, "local-storage") => "systems/local-storage",
            (E2eCatalog.Tenant, E2eCatalog.SharedStorage) => E2eCatalog.SharedStorageRootDir,
            _ => throw new ArgumentException($"No LOCAL system {systemId} is seeded in tenant {tenant}.", nameof(systemId)),
        };
        return Path.Combine(service.DataDir, rootDir);
    }

    /// <summary>Writes <paramref name="text"/> at <paramref name="path"/> (relative) under the system's root; returns the absolute path.</summary>
    public static string WriteFile(AloeServiceProcess service, string tenant, string systemId, string path, string text)
    {
        var file = Path.Combine(Of(service, tenant, systemId), path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
        return file;
    }
}
