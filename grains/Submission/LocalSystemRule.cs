using AloeOrleans.Grains.Catalog;
using AloeOrleans.Grains.Execution;

namespace AloeOrleans.Grains.Submission;

/// <summary>
/// With <see cref="LocalSystemPolicy.Disabled"/> (silos on several hosts), a job may name no LOCAL system: its files
/// and processes would be on whichever host ran its grain (docs/operations.md, "LOCAL systems in a cluster").
/// </summary>
public static class LocalSystemRule
{
    /// <summary>Why the job is refused, or null. <paramref name="archiveSystem"/> is null when the job does not archive.</summary>
    public static SubmissionError? Refusal(LocalSystemPolicy policy, string appId, SystemDefinition executionSystem, SystemDefinition? archiveSystem)
    {
        ArgumentNullException.ThrowIfNull(executionSystem);
        if (policy == LocalSystemPolicy.Enabled)
        {
            return null;
        }

        if (LocalSystems.IsLocal(executionSystem))
        {
            return new SubmissionError("appId",
                $"appId: app {appId} runs on LOCAL system {executionSystem.Id}, and this deployment runs no LOCAL systems (its silos span hosts); use an app on a system reached over SSH");
        }

        return archiveSystem is not null && LocalSystems.IsLocal(archiveSystem)
            ? new SubmissionError("archiveSystem",
                $"archiveSystem: {archiveSystem.Id} is a LOCAL system, and this deployment runs no LOCAL systems (its silos span hosts); name a storage system reached over SFTP")
            : null;
    }
}
