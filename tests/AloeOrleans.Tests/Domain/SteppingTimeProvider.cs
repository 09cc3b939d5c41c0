namespace AloeOrleans.Tests.Domain;

/// <summary>A clock whose timestamp moves on by <paramref name="step"/> every time it is read: each timed section "takes" one step.</summary>
internal sealed class SteppingTimeProvider(TimeSpan step) : TimeProvider
{
    private long ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Add(ref ticks, step.Ticks);
}
