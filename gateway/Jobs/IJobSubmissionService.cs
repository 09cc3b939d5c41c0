using AloeOrleans.Gateway.Auth;

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
}
