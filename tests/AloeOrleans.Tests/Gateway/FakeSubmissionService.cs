using AloeOrleans.Gateway.Auth;
using AloeOrleans.Gateway.Jobs;

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
}
