namespace AloeOrleans.GrainInterfaces.Jobs;

/// <summary>
/// A submission that has passed validation and routing: everything the job grain needs to write the ACCEPTED row.
/// Built once in the gateway; the grain trusts it.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("aloe.JobSubmission")]
public sealed record JobSubmission
{
    [Id(0)] public required JobSpec Spec { get; init; }
    [Id(1)] public required string TenantId { get; init; }
    [Id(2)] public required string TenantQueue { get; init; }
    [Id(3)] public required string Owner { get; init; }
    [Id(4)] public string Roles { get; init; } = "";
    [Id(5)] public string? IdempotencyKey { get; init; }

    /// <summary>Set when the submission resubmits another job (<c>POST /jobs/v2/{id}/resubmit</c>); null for a new request.</summary>
    [Id(6)] public JobResubmissionOrigin? ResubmittedFrom { get; init; }
}
