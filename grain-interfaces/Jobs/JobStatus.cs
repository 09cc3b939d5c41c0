namespace AloeOrleans.GrainInterfaces.Jobs;

/// <summary>
/// The states of a job (docs/lifecycle.md, "States"). Members are spelled exactly as on the wire and in the database,
/// so <c>ToString()</c> and <c>Enum.Parse</c> are the only conversions ever needed.
/// </summary>
[GenerateSerializer]
[Alias("aloe.JobStatus")]
public enum JobStatus
{
    ACCEPTED,
    PENDING,
    PROCESSING_INPUTS,
    STAGING_INPUTS,
    STAGED,
    STAGING_JOB,
    SUBMITTING,
    QUEUED,
    RUNNING,
    CLEANING_UP,
    ARCHIVING,
    FINISHED,
    STOPPED,
    FAILED,
    BLOCKED,
    PAUSED,
}
