using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>STAGING_INPUTS is done: every input is in the work dir.</summary>
[GenerateSerializer, Immutable, Alias("aloe.inputs-staged")]
public sealed record InputsStaged() : WorkEnded(JobStatus.STAGING_INPUTS);
