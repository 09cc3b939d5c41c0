using AloeOrleans.Grains.Catalog;

namespace AloeOrleans.Grains.Security;

/// <summary>
/// Which paths of a tenant's systems a user may read (a job's inputs) and write (a job's archive): the one rule of
/// docs/security.md ("Files"), for submissions now and for anything that later hands files to users.
/// <list type="bullet">
/// <item>Tenant admins read and write anywhere on their tenant's systems.</item>
/// <item>Ordinary users never read or write a system's whole root, nor an execution system's work dir (or a folder
/// holding it): other users' runs are there.</item>
/// <item>They read and write under their own home <c>&lt;user&gt;/</c>, and read (only) under the system's
/// <see cref="SystemDefinition.SharedPaths"/>.</item>
/// </list>
/// Paths are compared by segment after normalisation (<see cref="RootRelativePath"/>): <c>alicex/…</c> is not
/// alice's, <c>/alice/x</c> and <c>alice/./x</c> are. Pure: the caller has already found the system in the tenant.
/// </summary>
public static class PathAccessPolicy
{
    public static PathAccessDecision Decide(PathAccessor accessor, SystemDefinition system, string path, PathAccess access)
    {
        ArgumentNullException.ThrowIfNull(accessor);
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(path);
        if (accessor.IsTenantAdmin)
        {
            return PathAccessDecision.Allow;
        }

        if (!RootRelativePath.TrySplit(path, out var segments, out var problem))
        {
            return PathAccessDecision.Refuse(problem);
        }

        if (segments.Count == 0)
        {
            return PathAccessDecision.Refuse($"it is the whole root of system {system.Id}; only tenant administrators read or write a system's root");
        }

        if (WorkDirOf(system) is { } workDir && (RootRelativePath.IsUnder(segments, workDir) || RootRelativePath.IsUnder(workDir, segments)))
        {
            return PathAccessDecision.Refuse(
                $"it is in or holds the work dir '{RootRelativePath.Join(workDir)}' of execution system {system.Id}, where every user's jobs run; " +
                "work dirs are never an input source or archive target for ordinary users");
        }

        if (!HomeFolderName.IsValid(accessor.User))
        {
            return PathAccessDecision.Refuse($"the user name '{accessor.User}' cannot name a home folder (it must {HomeFolderName.Rule})");
        }

        if (segments[0] == accessor.User)
        {
            return PathAccessDecision.Allow;
        }

        var home = $"'{accessor.User}/'";
        var shared = SharedPathsOf(system).FirstOrDefault(sharedPath => RootRelativePath.IsUnder(segments, sharedPath));
        return (shared, access) switch
        {
            (not null, PathAccess.Read) => PathAccessDecision.Allow,
            (not null, _) => PathAccessDecision.Refuse(
                $"it is in '{RootRelativePath.Join(shared)}', a shared path of system {system.Id}, which is read-only; ordinary users write only under their own home folder {home}"),
            (null, PathAccess.Read) => PathAccessDecision.Refuse(
                $"ordinary users read only under their own home folder {home} or a shared path of system {system.Id} ({DescribeShared(system)})"),
            _ => PathAccessDecision.Refuse($"ordinary users write only under their own home folder {home} (shared paths are read-only)"),
        };
    }

    /// <summary>An execution system's work dir as segments; a work dir that cannot be split counts as the whole root.</summary>
    private static IReadOnlyList<string>? WorkDirOf(SystemDefinition system)
    {
        if (system.Type != SystemType.EXECUTION)
        {
            return null;
        }

        return RootRelativePath.TrySplit(system.WorkDir, out var segments, out _) ? segments : [];
    }

    /// <summary>The valid shared paths (the validator refuses others; one stored before that rule shares nothing).</summary>
    private static IEnumerable<IReadOnlyList<string>> SharedPathsOf(SystemDefinition system) =>
        system.SharedPaths
            .Select(sharedPath => RootRelativePath.TrySplit(sharedPath, out var segments, out _) ? segments : [])
            .Where(segments => segments.Count > 0);

    private static string DescribeShared(SystemDefinition system)
    {
        var shared = SharedPathsOf(system).Select(RootRelativePath.Join).ToList();
        return shared.Count == 0 ? "it declares none" : $"sharedPaths: {string.Join(", ", shared)}";
    }
}
