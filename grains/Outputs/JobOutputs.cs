using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution;
using AloeOrleans.Grains.Execution.Files;

namespace AloeOrleans.Grains.Outputs;

/// <summary>
/// Finds a job's output files for <c>/jobs/v2/{id}/outputs</c> (docs/api.md, "Job outputs"): the archive folder once
/// the job is archived, otherwise its work folder on the execution system (LOCAL or SFTP), also while it runs. A user's
/// path is confined to that folder: <c>..</c> is refused (<see cref="OutputPath"/>), every folder on the way and the
/// target itself are looked at without following links and a link anywhere is "not found", and the service's control
/// folder in a work folder is not shown. Access to the job itself is the caller's business.
/// </summary>
public sealed class JobOutputs(ICatalog catalog, SystemAccess access)
{
    /// <summary>Archived outputs are read from the archive: the job finished and archiving was asked for.</summary>
    public static bool IsArchived(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Status == JobStatus.FINISHED && job.Spec.Archive.Enabled && !string.IsNullOrEmpty(job.Spec.Archive.SystemId);
    }

    /// <summary>The folder the job's outputs are read from.</summary>
    /// <exception cref="OutputNotFoundException">The job has no output folder yet, or its system is gone.</exception>
    public async Task<OutputFolder> FolderAsync(JobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (IsArchived(job))
        {
            var archive = await RequireSystemAsync(job, job.Spec.Archive.SystemId, cancellationToken);
            var files = access.FilesOf(job.TenantId, archive);
            return new OutputFolder(files, await files.ResolveAsync(job.Spec.Archive.Path, cancellationToken), Archived: true);
        }

        if (string.IsNullOrEmpty(job.WorkPath))
        {
            throw new OutputNotFoundException(
                $"Job {job.Uuid} has no outputs yet: its work folder is created when it is staged (status {job.Status}).");
        }

        var execution = await RequireSystemAsync(job, job.Spec.SystemId, cancellationToken);
        // The work path was resolved under the system's root when the job was staged; it is the service's, not the user's.
        return new OutputFolder(access.FilesOf(job.TenantId, execution), job.WorkPath, Archived: false);
    }

    /// <summary>
    /// The file or folder at <paramref name="segments"/> (from <see cref="OutputPath.TryNormalize"/>) inside
    /// <paramref name="folder"/>; none means the folder itself.
    /// </summary>
    /// <exception cref="OutputNotFoundException">Nothing readable is there.</exception>
    public async Task<OutputTarget> FindAsync(OutputFolder folder, IReadOnlyList<string> segments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(segments);
        var relative = string.Join('/', segments);
        if (!folder.Archived && segments.Count > 0 && segments[0] == JobWorkspace.ControlFolderName)
        {
            throw NotFound(relative);
        }

        var path = folder.Path;
        var entry = await folder.Files.StatAsync(path, cancellationToken);
        foreach (var segment in segments)
        {
            if (entry is not { Kind: FileKind.Directory })
            {
                throw NotFound(relative);
            }

            path = RemotePaths.Join(path, segment);
            entry = await folder.Files.StatAsync(path, cancellationToken);
        }

        return entry is { Kind: FileKind.File or FileKind.Directory }
            ? new OutputTarget(path, relative, entry)
            : throw NotFound(relative);
    }

    /// <summary>The files and folders directly in <paramref name="target"/> (a folder), links and the control folder left out.</summary>
    public async Task<IReadOnlyList<FileEntry>> ListAsync(OutputFolder folder, OutputTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(target);
        var entries = await folder.Files.ListDirectoryAsync(target.AbsolutePath, cancellationToken);
        var atTop = target.RelativePath.Length == 0;
        return [.. entries.Where(entry => entry.Kind is FileKind.File or FileKind.Directory
            && !(atTop && !folder.Archived && entry.Name == JobWorkspace.ControlFolderName))];
    }

    private async Task<SystemDefinition> RequireSystemAsync(JobRecord job, string systemId, CancellationToken cancellationToken) =>
        await catalog.FindSystemAsync(job.TenantId, systemId, cancellationToken)
        ?? throw new OutputNotFoundException($"The outputs of job {job.Uuid} are on system '{systemId}', which no longer exists.");

    private static OutputNotFoundException NotFound(string relative) =>
        new($"No output '{relative}' in the job's output folder (symbolic links are not followed).");
}
