namespace AloeOrleans.Grains.Execution;

/// <summary>
/// Where a LOCAL root is on this host and whether it may be used. A relative rootDir lies in the tenant's own folder,
/// <c>&lt;data folder&gt;/tenants/&lt;tenant&gt;/&lt;rootDir&gt;</c>; an absolute one (only the operator's seed files can
/// declare LOCAL systems) is taken as written. A root may not be the data folder or one of its ancestors (key files,
/// database), may lie inside the data folder only within its own tenant's folder, may not be that tenant folder
/// itself, and may neither contain nor lie inside another LOCAL root of any tenant: no tenant reaches another's files
/// or the service's. Pure: paths are compared as text, without touching the disk.
/// </summary>
public static class LocalRootRules
{
    public const string TenantsFolderName = "tenants";

    /// <summary>The tenant's own folder in the data folder; relative roots of the tenant resolve inside it.</summary>
    /// <exception cref="ArgumentException">The tenant id cannot name a folder.</exception>
    public static string TenantFolder(string dataDir, string tenantId)
    {
        if (!IsFolderName(tenantId))
        {
            throw new ArgumentException($"Tenant id '{tenantId}' cannot name a folder (empty, '.', '..', or containing '/' or NUL).", nameof(tenantId));
        }

        return Path.Combine(Normalize(dataDir), TenantsFolderName, tenantId);
    }

    /// <summary>The absolute, normalised path of a LOCAL root.</summary>
    /// <exception cref="ArgumentException">The tenant id cannot name a folder, or rootDir holds a NUL.</exception>
    public static string Resolve(string dataDir, string tenantId, string rootDir)
    {
        if (rootDir.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"rootDir of tenant {tenantId} contains a NUL character.", nameof(rootDir));
        }

        return Normalize(Path.IsPathRooted(rootDir) ? rootDir : Path.Combine(TenantFolder(dataDir, tenantId), rootDir));
    }

    /// <summary>
    /// Every rule that <paramref name="declared"/> (the roots being seeded) break, each as a sentence naming the source,
    /// tenant, system and rule; empty when all may be used. <paramref name="existing"/> are LOCAL roots already stored
    /// (a declared system replaces its own stored definition, so a stored one with the same tenant and id is ignored).
    /// When one system is declared twice, the last declaration counts, as seeding applies them in order.
    /// </summary>
    public static IReadOnlyList<string> Violations(string dataDir, IReadOnlyList<LocalRootDeclaration> declared,
        IReadOnlyList<LocalRootDeclaration> existing)
    {
        var data = Normalize(dataDir);
        var violations = new List<string>();
        var seeded = new List<(LocalRootDeclaration Root, string Path)>();
        foreach (var root in declared.GroupBy(Key).Select(group => group.Last()))
        {
            if (!IsFolderName(root.TenantId))
            {
                violations.Add(Describe(root, root.RootDir, "its tenant id cannot name a folder (empty, '.', '..', or containing '/')"));
                continue;
            }

            var path = Resolve(data, root.TenantId, root.RootDir);
            if (OwnRule(data, root.TenantId, path) is { } broken)
            {
                violations.Add(Describe(root, path, broken));
            }

            seeded.Add((root, path));
        }

        var seededKeys = seeded.Select(entry => Key(entry.Root)).ToHashSet();
        var stored = existing
            .Where(root => IsFolderName(root.TenantId) && !seededKeys.Contains(Key(root)))
            .Select(root => (Root: root, Path: Resolve(data, root.TenantId, root.RootDir)))
            .ToList();
        for (var i = 0; i < seeded.Count; i++)
        {
            foreach (var other in seeded.Skip(i + 1).Concat(stored))
            {
                if (Overlap(seeded[i].Path, other.Path) is { } relation)
                {
                    violations.Add(Describe(seeded[i].Root, seeded[i].Path,
                        $"{relation} the LOCAL root of system {other.Root.SystemId} of tenant {other.Root.TenantId} ({other.Path}, from {other.Root.Source}); "
                        + "no LOCAL root may contain or lie inside another"));
                }
            }
        }

        return violations;
    }

    /// <summary>The rule a root breaks on its own (data folder, tenant folder), or null.</summary>
    private static string? OwnRule(string data, string tenantId, string path)
    {
        var tenantFolder = TenantFolder(data, tenantId);
        if (SafePath.IsUnder(path, data))
        {
            return "a LOCAL root may not be the data folder or one of its ancestors";
        }

        if (path == tenantFolder)
        {
            return $"a LOCAL root may not be the tenant's folder itself ({TenantsFolderName}/{tenantId}); name a folder inside it";
        }

        return SafePath.IsUnder(data, path) && !SafePath.IsUnder(tenantFolder, path)
            ? $"a LOCAL root inside the data folder must lie inside its own tenant's folder {TenantsFolderName}/{tenantId}/"
            : null;
    }

    private static string? Overlap(string path, string other) =>
        path == other ? "is the same folder as"
        : SafePath.IsUnder(other, path) ? "lies inside"
        : SafePath.IsUnder(path, other) ? "contains"
        : null;

    private static string Describe(LocalRootDeclaration root, string path, string rule) =>
        $"{root.Source}: tenant {root.TenantId}, system {root.SystemId}, rootDir '{root.RootDir}' ({path}): {rule}.";

    private static (string, string) Key(LocalRootDeclaration root) => (root.TenantId, root.SystemId);

    private static bool IsFolderName(string name) =>
        name.Length > 0 && name is not ("." or "..") && !name.Contains('/', StringComparison.Ordinal) && !name.Contains('\0', StringComparison.Ordinal);

    private static string Normalize(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
}
