using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Quotas;

namespace AloeOrleans.Grains.Jobs.Lifecycle;

/// <summary>
/// STAGING_JOB is done: the assets, the app script and the wrapper are in the work dir. <see cref="Limits"/> are the job
/// limits of its execution system and remote queue as the catalog holds them now (null: none), which the move to
/// SUBMITTING must respect.
/// </summary>
[GenerateSerializer, Immutable, Alias("aloe.job-staged")]
public sealed record JobStaged([property: Id(0)] SubmissionLimits? Limits = null) : WorkEnded(JobStatus.STAGING_JOB);
