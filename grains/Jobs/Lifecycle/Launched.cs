using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>
/// SUBMITTING is done: the wrapper runs (or waits in the scheduler's queue, <see cref="Queued"/>) as
/// <see cref="RemoteJobId"/>; <see cref="SchedulerJobId"/> is the batch scheduler's own id, when there is a scheduler.
/// </summary>
[GenerateSerializer, Immutable, Alias("aloe.launched")]
public sealed record Launched(
    [property: Id(0)] string RemoteJobId,
    [property: Id(1)] bool Queued,
    [property: Id(2)] string? SchedulerJobId = null) : WorkEnded(JobStatus.SUBMITTING);
