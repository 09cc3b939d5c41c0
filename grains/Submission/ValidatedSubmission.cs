using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Submission;

/// <summary>
/// A submission that passed every rule: who submitted it and its <see cref="JobSpec"/> (app defaults applied, units
/// normalised: memory in GB, time in hours). <see cref="ToJobSubmission"/> adds the tenant queue it was routed to.
/// </summary>
public sealed record ValidatedSubmission
{
    public required string TenantId { get; init; }
    public required string Owner { get; init; }
    public string Roles { get; init; } = "";
    public required JobSpec Spec { get; init; }

    public JobSubmission ToJobSubmission(string tenantQueue, string? idempotencyKey) => new()
    {
        Spec = Spec,
        TenantId = TenantId,
        TenantQueue = tenantQueue,
        Owner = Owner,
        Roles = Roles,
        IdempotencyKey = idempotencyKey,
    };
}
