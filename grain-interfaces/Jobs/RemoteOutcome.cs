namespace AloeOrleans.GrainInterfaces.Jobs;

/// <summary>Best approximation of the remote job's outcome (docs/lifecycle.md, "The outcome").</summary>
[GenerateSerializer]
[Alias("aloe.RemoteOutcome")]
public enum RemoteOutcome
{
    FINISHED,
    FAILED,
    FAILED_SKIP_ARCHIVE,
}
