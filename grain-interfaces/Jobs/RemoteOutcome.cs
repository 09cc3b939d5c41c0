namespace AloeOrleans.GrainInterfaces.Jobs;

/// <summary>Best approximation of the remote job's outcome (seed: <c>remoteOutcome</c>).</summary>
[GenerateSerializer]
[Alias("aloe.RemoteOutcome")]
public enum RemoteOutcome
{
    FINISHED,
    FAILED,
    FAILED_SKIP_ARCHIVE,
}
