namespace AloeOrleans.Grains.Jobs;

/// <summary>One step of the polling policy: <see cref="Count"/> checks, <see cref="Interval"/> apart.</summary>
public sealed class MonitoringStep
{
    public int Count { get; set; }
    public TimeSpan Interval { get; set; }
}
