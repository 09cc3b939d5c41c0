using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>A status check of a QUEUED or RUNNING job got no answer (the system or its scheduler did not respond).</summary>
[GenerateSerializer, Immutable, Alias("aloe.status-unanswered")]
public sealed record StatusUnanswered(JobStatus During, [property: Id(0)] JobFailure Failure) : WorkEnded(During);
