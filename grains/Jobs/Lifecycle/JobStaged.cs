using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>STAGING_JOB is done: the assets, the app script and the wrapper are in the work dir.</summary>
[GenerateSerializer, Immutable, Alias("aloe.job-staged")]
public sealed record JobStaged() : WorkEnded(JobStatus.STAGING_JOB);
