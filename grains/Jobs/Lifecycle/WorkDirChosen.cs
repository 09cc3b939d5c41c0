using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>PROCESSING_INPUTS is done: the execution system, the work dir and the archive path are fixed.</summary>
[GenerateSerializer, Immutable, Alias("aloe.work-dir-chosen")]
public sealed record WorkDirChosen(
    [property: Id(0)] string SystemId,
    [property: Id(1)] string WorkPath,
    [property: Id(2)] string ArchivePath,
    [property: Id(3)] bool HasInputs) : WorkEnded(JobStatus.PROCESSING_INPUTS);
