namespace AloeOrleans.Grains.Persistence;

/// <summary>
/// The history events a resubmission writes with the new job's ACCEPTED row: <see cref="OnNewJob"/> ("resubmitted
/// from") right after its ACCEPTED event, <see cref="OnOriginalJob"/> ("resubmitted as") on job <see cref="OriginalJob"/>.
/// </summary>
public sealed record JobResubmissionEvents(Guid OriginalJob, JobEventWrite OnNewJob, JobEventWrite OnOriginalJob);
