using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Execution;

namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>A status check of a QUEUED or RUNNING job got an answer.</summary>
[GenerateSerializer, Immutable, Alias("aloe.status-answered")]
public sealed record StatusAnswered(JobStatus During, [property: Id(0)] RemoteJobStatus Status) : WorkEnded(During);
