using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>The work of a phase (or a write of the job) failed, classified by <see cref="JobFailureClassifier"/>.</summary>
[GenerateSerializer, Immutable, Alias("aloe.phase-failed")]
public sealed record PhaseFailed(JobStatus During, [property: Id(0)] JobFailure Failure) : WorkEnded(During);
