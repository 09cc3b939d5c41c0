using System.ComponentModel.DataAnnotations;

namespace AloeOrleans.Grains.Jobs;

/// <summary>One step of the polling policy: <see cref="Count"/> checks, <see cref="Interval"/> apart.</summary>
public sealed class MonitoringStep
{
    [Range(1, int.MaxValue)]
    public int Count { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan Interval { get; set; }
}
