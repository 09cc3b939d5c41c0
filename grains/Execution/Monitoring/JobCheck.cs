namespace AloeOrleans.Grains.Execution.Monitoring;

/// <summary>One job's request for a status check: where its work dir is and what the scheduler calls it.</summary>
[GenerateSerializer, Immutable, Alias("aloe.job-check")]
public sealed record JobCheck(
    [property: Id(0)] Guid JobUuid,
    [property: Id(1)] string JobName,
    [property: Id(2)] string WorkDir,
    [property: Id(3)] string RemoteJobId)
{
    public JobWorkspace Workspace => new(WorkDir, JobUuid, JobName);
}
