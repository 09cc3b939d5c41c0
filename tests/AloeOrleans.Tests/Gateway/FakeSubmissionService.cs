using AloeOrleans.Gateway.Auth;
using AloeOrleans.Gateway.Jobs;
using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Tests.Gateway;

/// <summary>Answers every submission with <see cref="Next"/> and remembers what it was given.</summary>
internal sealed class FakeSubmissionService : IJobSubmissionService
{
    public SubmitResult Next { get; set; } = new(SubmitStatus.Unavailable, null, [], "not set up");

    public byte[]? LastBody { get; private set; }

    public Caller? LastCaller { get; private set; }

    public string? LastIdempotencyKey { get; private set; }

    public int Calls { get; private set; }

    public Task<SubmitResult> SubmitAsync(ReadOnlyMemory<byte> body, Caller caller, string? idempotencyKey, CancellationToken cancellationToken)
    {
        Calls++;
        LastBody = body.ToArray();
        LastCaller = caller;
        LastIdempotencyKey = idempotencyKey;
        return Task.FromResult(Next);
    }

    /// <summary>The last resubmission asked for: the original job, the owner it is made for, who asked, the stored key.</summary>
    public (JobRecord Original, Caller Owner, string RequestedBy, string? IdempotencyKey)? LastResubmission { get; private set; }

    public Task<SubmitResult> ResubmitAsync(JobRecord original, Caller owner, string requestedBy, string? idempotencyKey, CancellationToken cancellationToken)
    {
        Calls++;
        LastResubmission = (original, owner, requestedBy, idempotencyKey);
        return Task.FromResult(Next);
    }
}
