using AloeOrleans.Gateway.Auth;
using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Gateway.Jobs;

/// <summary>
/// Validates, routes and accepts one submission (design: "Request path (submit)"). The gateway has already checked
/// authentication, content type, body size and the idempotency key's length; everything about the body is the
/// service's job, including reporting bad JSON as <see cref="SubmitStatus.Invalid"/>.
/// </summary>
public interface IJobSubmissionService
{
    /// <param name="body">The raw request body (UTF-8 JSON, not yet parsed).</param>
    /// <param name="idempotencyKey">The <c>Idempotency-Key</c> header, at most 255 characters, or null.</param>
    Task<SubmitResult> SubmitAsync(ReadOnlyMemory<byte> body, Caller caller, string? idempotencyKey, CancellationToken cancellationToken);

    /// <summary>
    /// Resubmits <paramref name="original"/> (docs/api.md, "Resubmitting a job"): its request (<see cref="ResubmissionRequest"/>)
    /// goes through every rule of <see cref="SubmitAsync"/> against today's catalog, in the name of <paramref name="owner"/>
    /// (the original's owner), and the new job's history and the original's record the resubmission by
    /// <paramref name="requestedBy"/>. The gateway has already checked the original's state and the caller's right to change it.
    /// </summary>
    /// <param name="idempotencyKey">The key as stored: already scoped to the original job by the caller, at most 255 characters.</param>
    Task<SubmitResult> ResubmitAsync(JobRecord original, Caller owner, string requestedBy, string? idempotencyKey, CancellationToken cancellationToken);
}
