using System.Collections.Concurrent;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Configuration;

namespace AloeOrleans.Grains.Execution;

/// <summary>
/// Where a LOCAL system's files are on this host (<see cref="LocalRootRules"/>): a relative rootDir inside the tenant's
/// folder of the data folder, an absolute one as written. Roots and the folders leading to them from the data folder
/// are kept at mode 0711: the job's run-as user may pass through to its work dir but list nothing.
/// </summary>
public sealed class SystemRoots(DataFolder dataFolder)
{
    /// <summary>Search only, for the run-as user; never read for anyone but the service.</summary>
    public const UnixFileMode PassThroughMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                                               | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly ConcurrentDictionary<string, string> ensured = new(StringComparer.Ordinal);

    public string DataDir => Path.TrimEndingDirectorySeparator(dataFolder.Path);

    /// <summary>The root of a LOCAL system of <paramref name="tenantId"/>, created (mode 0711) when missing.</summary>
    /// <exception cref="NotSupportedException">The system's storage is not LOCAL.</exception>
    /// <exception cref="ArgumentException">The tenant id cannot name a folder.</exception>
    public string StorageRoot(string tenantId, SystemDefinition system)
    {
        if (!string.Equals(system.Storage.Protocol, "LOCAL", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException($"System '{system.Id}' uses storage protocol {system.Storage.Protocol}; only LOCAL is reachable from this host.");
        }

        var root = LocalRootRules.Resolve(DataDir, tenantId, system.Storage.RootDir);
        return ensured.GetOrAdd(root, Ensure);
    }

    /// <summary>
    /// Creates the data folder when missing and sets its mode to 0711: jobs on this host may pass through it to their
    /// work dirs, nobody but the service may list it.
    /// </summary>
    public void EnsureDataFolder()
    {
        if (!PlatformGuard.IsUnix)
        {
            throw PlatformGuard.NotSupported();
        }

        Directory.CreateDirectory(DataDir, PassThroughMode);
        File.SetUnixFileMode(DataDir, PassThroughMode);
    }

    private string Ensure(string root)
    {
        // Inside the data folder every folder from the data folder down is the service's own: all become 0711.
        // Outside it only the root is: its parents are the operator's.
        var first = SafePath.IsUnder(DataDir, root) ? DataDir : root;
        var folder = first;
        SetPassThrough(folder);
        foreach (var segment in Path.GetRelativePath(first, root).Split('/', StringSplitOptions.RemoveEmptyEntries).Where(segment => segment != "."))
        {
            folder = Path.Combine(folder, segment);
            SetPassThrough(folder);
        }

        return root;
    }

    private static void SetPassThrough(string folder)
    {
        if (!PlatformGuard.IsUnix)
        {
            throw PlatformGuard.NotSupported();
        }

        Directory.CreateDirectory(folder, PassThroughMode);
        File.SetUnixFileMode(folder, PassThroughMode);
    }
}
