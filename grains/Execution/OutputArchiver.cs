using AloeOrleans.Grains.Execution.Files;

namespace AloeOrleans.Grains.Execution;

/// <summary>
/// Copies the files a run created from the work dir (on the execution system) to the archive folder (on the archive
/// system, LOCAL or SFTP). Copies overwrite, so archiving re-run after a crash gives the same result.
/// </summary>
public static class OutputArchiver
{
    /// <summary>Returns how many files were copied. <paramref name="archivePath"/> is relative to the archive system's root.</summary>
    public static async Task<int> ArchiveAsync(ISystemFiles execution, JobWorkspace workspace, ISystemFiles archive, string archivePath,
        CancellationToken cancellationToken)
    {
        await archive.CreateDirectoryAsync(await archive.ResolveAsync(archivePath, cancellationToken), cancellationToken);
        var created = await WorkDirManifest.CreatedByRunAsync(execution, workspace, cancellationToken);
        foreach (var relative in created)
        {
            // Each target is resolved on the archive system: no name the run chose may lead out of its root.
            var target = await archive.ResolveAsync($"{archivePath}/{relative}", cancellationToken);
            await execution.CopyFileAsync(RemotePaths.Join(workspace.WorkDir, relative), archive, target, cancellationToken);
        }

        return created.Count;
    }
}
