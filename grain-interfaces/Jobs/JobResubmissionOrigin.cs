namespace AloeOrleans.GrainInterfaces.Jobs;

/// <summary>
/// Where a submission comes from when it is a resubmission: the job resubmitted and the user who asked (the owner or
/// another user allowed to change the job). Its history events are written with the new job's ACCEPTED row.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("aloe.JobResubmissionOrigin")]
public sealed record JobResubmissionOrigin(
    [property: Id(0)] Guid JobUuid,
    [property: Id(1)] string RequestedBy);
