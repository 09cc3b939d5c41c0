using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Configuration;

namespace AloeOrleans.Grains.Execution;

/// <summary>Where a LOCAL system's files are on this host: its rootDir, relative ones under the service's data folder.</summary>
public sealed class SystemRoots(DataFolder dataFolder)
{
    public string DataDir => dataFolder.Path;

    public string StorageRoot(SystemDefinition system)
    {
        if (!string.Equals(system.Storage.Protocol, "LOCAL", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException($"System '{system.Id}' uses storage protocol {system.Storage.Protocol}; only LOCAL is reachable from this host.");
        }

        // Path.Combine keeps an absolute rootDir as it is and puts a relative one under the data folder.
        var root = Path.GetFullPath(Path.Combine(DataDir, system.Storage.RootDir));
        Directory.CreateDirectory(root);
        return root;
    }
}
