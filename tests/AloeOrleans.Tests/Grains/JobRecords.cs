using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Tests.Grains;

/// <summary>Job rows written by tests directly through the store, as the grain would have written them.</summary>
public static class JobRecords
{
    public static JobRecord Accepted(Guid uuid, JobSubmission submission, DateTimeOffset? now = null) => new()
    {
        Uuid = uuid,
        Spec = submission.Spec,
        TenantId = submission.TenantId,
        TenantQueue = submission.TenantQueue,
        Status = JobStatus.ACCEPTED,
        LastStatusMessage = "accepted by the test",
        Accepted = now ?? DateTimeOffset.UtcNow,
        LastUpdated = now ?? DateTimeOffset.UtcNow,
        Owner = submission.Owner,
        IdempotencyKey = submission.IdempotencyKey,
        UpdateToken = "test-token",
    };
}
