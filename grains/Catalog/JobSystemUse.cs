using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Staging;

namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// Whether an active job still needs a system, so that deleting the system would strand it: as its execution system
/// (its work dir, the run, its outputs), as its archive system when it archives, and, until its inputs are staged, as
/// the system an input is read from (<c>agave://</c>, a plain path on the app's storage system, <c>sftp://</c> on a
/// registered host, found as staging finds it: <see cref="InputLocator"/>). An app's deployment system needs no rule of
/// its own: a system an app names cannot be deleted, nor an app active jobs use. Pure.
/// </summary>
public static class JobSystemUse
{
    private static readonly HashSet<JobStatus> BeforeStaged =
        [JobStatus.ACCEPTED, JobStatus.PENDING, JobStatus.PROCESSING_INPUTS, JobStatus.STAGING_INPUTS];

    /// <summary>
    /// Whether the job will still read its inputs: it has not reached STAGED, or it is suspended (BLOCKED, PAUSED) from
    /// such a status, or from an unknown one.
    /// </summary>
    public static bool StillStagesInputs(JobStatus status, JobStatus? suspendedFrom) =>
        BeforeStaged.Contains(status)
        || (status is JobStatus.BLOCKED or JobStatus.PAUSED && (suspendedFrom is not { } from || BeforeStaged.Contains(from)));

    public static bool Uses(ActiveJobReference job, string systemId, string tenantId, TenantCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(catalog);
        if (job.SystemId == systemId || (job.Archive && job.ArchiveSystem == systemId))
        {
            return true;
        }

        return job.Inputs is { } inputs && StillStagesInputs(job.Status, job.SuspendedFrom)
               && StoredInputs.Read(inputs).SelectMany(input => input.Values)
                   .Any(value => InputLocator.Locate(InputSource.Parse(value), tenantId, catalog, catalog.Apps.GetValueOrDefault(job.AppId)).System?.Id == systemId);
    }
}
