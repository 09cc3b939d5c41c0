namespace AloeOrleans.Tests.EndToEnd;

/// <summary>
/// Where the service keeps LOCAL systems in its data folder, as the tests expect it: a relative rootDir lies in
/// <c>tenants/&lt;tenant&gt;/</c>. Every test that builds such a path goes through here, so a change of layout is one edit.
/// </summary>
public static class LocalLayout
{
    public const string DefaultTenant = "dev";

    /// <summary>The folder holding every tenant's LOCAL roots.</summary>
    public static string TenantsFolder(string dataDir) => Path.Combine(dataDir, "tenants");

    /// <summary>The root of a LOCAL system whose rootDir is the relative <paramref name="rootDir"/>.</summary>
    public static string Root(string dataDir, string rootDir, string tenant = DefaultTenant) => Path.Combine(TenantsFolder(dataDir), tenant, rootDir);

    /// <summary>The root of the default catalog's <c>local-storage</c> (inputs, app assets, archives).</summary>
    public static string Storage(string dataDir, string tenant = DefaultTenant) => Root(dataDir, "local-storage", tenant);

    /// <summary>The root of the default catalog's <c>local</c> execution system (work dirs under <c>work/</c>).</summary>
    public static string Execution(string dataDir, string tenant = DefaultTenant) => Root(dataDir, "local", tenant);

    /// <summary>The work dir of a job of <paramref name="owner"/> on the <c>local</c> execution system.</summary>
    public static string WorkDir(string dataDir, string owner, string jobId, string tenant = DefaultTenant) =>
        Path.Combine(Execution(dataDir, tenant), "work", tenant, owner, $"job-{jobId}");

    /// <summary>The default archive folder of a job of <paramref name="owner"/> on <c>local-storage</c>.</summary>
    public static string Archive(string dataDir, string owner, string jobId, string tenant = DefaultTenant) =>
        Path.Combine(Storage(dataDir, tenant), owner, "archive", "jobs", $"job-{jobId}");

    /// <summary>
    /// A folder outside any work dir that LOCAL jobs may write to: they run as an unprivileged user, so the test
    /// makes it writable by everyone (sticky, like /tmp).
    /// </summary>
    public static string FolderWritableByJobs(string path)
    {
        Directory.CreateDirectory(path);
        if (OperatingSystem.IsWindows())
        {
            return path;
        }

        File.SetUnixFileMode(path, UnixFileMode.StickyBit | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                                   | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                   | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        return path;
    }

    /// <summary>The root of a LOCAL system seeded for a test service (the default catalog and <see cref="E2eCatalog"/>).</summary>
    public static string Of(AloeServiceProcess service, string tenant, string systemId)
    {
        ArgumentNullException.ThrowIfNull(service);
        var rootDir = (tenant, systemId) switch
        {
            (E2eCatalog.Tenant, "local" or "local-storage") => systemId,
            (E2eCatalog.Tenant, E2eCatalog.SharedStorage) => E2eCatalog.SharedStorageRootDir,
            _ => throw new ArgumentException($"No LOCAL system {systemId} is seeded in tenant {tenant}.", nameof(systemId)),
        };
        return Root(service.DataDir, rootDir, tenant);
    }

    /// <summary>
    /// Writes <paramref name="text"/> (with Unix line endings) at <paramref name="path"/> (relative) under a seeded system's
    /// root, creating folders; returns the absolute path.
    /// </summary>
    public static string WriteFile(AloeServiceProcess service, string tenant, string systemId, string path, string text)
    {
        var file = Path.Combine(Of(service, tenant, systemId), path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text.ReplaceLineEndings("\n"));
        return file;
    }
}
