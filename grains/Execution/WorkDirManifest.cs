using AloeOrleans.Grains.Execution.Files;

namespace AloeOrleans.Grains.Execution;

/// <summary>
/// The regular files of a work dir (relative paths, control folder and symlinks excluded). Taken just before
/// launch, it tells archiving which files the run created: those not in it.
/// </summary>
public static class WorkDirManifest
{
    public static async Task<IReadOnlyList<string>> ListAsync(ISystemFiles files, string workDir, CancellationToken cancellationToken) =>
        (await files.ListFilesAsync(workDir, cancellationToken))
        .Where(relative => !relative.Split('/')[0].Equals(JobWorkspace.ControlFolderName, StringComparison.Ordinal))
        .ToList();

    public static async Task WriteAsync(ISystemFiles files, JobWorkspace workspace, CancellationToken cancellationToken)
    {
        var present = await ListAsync(files, workspace.WorkDir, cancellationToken);
        await files.WriteTextAsync(workspace.BeforeRunManifest, string.Concat(present.Select(file => file + "\n")), cancellationToken);
    }

    /// <summary>The files present now that were not present before the run.</summary>
    public static async Task<IReadOnlyList<string>> CreatedByRunAsync(ISystemFiles files, JobWorkspace workspace, CancellationToken cancellationToken)
    {
        var text = await files.ReadTextAsync(workspace.BeforeRunManifest, cancellationToken) ?? "";
        var before = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return (await ListAsync(files, workspace.WorkDir, cancellationToken)).Where(file => !before.Contains(file)).ToList();
    }
}
