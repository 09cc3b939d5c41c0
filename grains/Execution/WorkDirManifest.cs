namespace AloeOrleans.Grains.Execution;

/// <summary>
/// The regular files of a work dir (relative paths, control folder and symlinks excluded). Taken just before
/// launch, it tells archiving which files the run created: those not in it.
/// </summary>
public static class WorkDirManifest
{
    public static IReadOnlyList<string> List(string workDir) =>
        Directory.EnumerateFiles(workDir, "*", new EnumerationOptions
            {
                RecurseSubdirectories = true,
                AttributesToSkip = FileAttributes.ReparsePoint,
                IgnoreInaccessible = true,
            })
            .Select(file => Path.GetRelativePath(workDir, file))
            .Where(relative => !relative.Split('/')[0].Equals(JobWorkspace.ControlFolderName, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static async Task WriteAsync(JobWorkspace workspace, CancellationToken cancellationToken) =>
        await File.WriteAllLinesAsync(workspace.BeforeRunManifest, List(workspace.WorkDir), cancellationToken);

    /// <summary>The files present now that were not present before the run.</summary>
    public static async Task<IReadOnlyList<string>> CreatedByRunAsync(JobWorkspace workspace, CancellationToken cancellationToken)
    {
        var before = File.Exists(workspace.BeforeRunManifest)
            ? (await File.ReadAllLinesAsync(workspace.BeforeRunManifest, cancellationToken)).ToHashSet(StringComparer.Ordinal)
            : [];
        return List(workspace.WorkDir).Where(file => !before.Contains(file)).ToList();
    }
}
