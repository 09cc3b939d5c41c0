using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>ARCHIVING is done: <see cref="Files"/> output files were copied.</summary>
[GenerateSerializer, Immutable, Alias("aloe.archived")]
public sealed record Archived([property: Id(0)] int Files) : WorkEnded(JobStatus.ARCHIVING);
