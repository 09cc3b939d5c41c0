namespace AloeOrleans.Grains.Execution;

/// <summary>
/// Copies the files a run created from the work dir to the archive folder on a LOCAL storage system. Copies
/// overwrite, so archiving re-run after a crash gives the same result.
/// </summary>
public static class OutputArchiver
{
    /// <summary>Returns how many files were copied.</summary>
    public static async Task<int> ArchiveAsync(JobWorkspace workspace, string archiveRoot, string archivePath, CancellationToken cancellationToken)
    {
        var destination = SafePath.Resolve(archiveRoot, archivePath);
        Directory.CreateDirectory(destination);
        var created = await WorkDirManifest.CreatedByRunAsync(workspace, cancellationToken);
        foreach (var relative in created)
        {
            var target = SafePath.Resolve(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await using var input = File.OpenRead(Path.Combine(workspace.WorkDir, relative));
            await using var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            await input.CopyToAsync(output, cancellationToken);
        }

        return created.Count;
    }
}
