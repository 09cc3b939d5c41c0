using System.ComponentModel.DataAnnotations;
using AloeOrleans.Grains.Configuration;

namespace AloeOrleans.Grains.Jobs;

/// <summary>
/// Remote status polling (docs/lifecycle.md, "Monitoring and time limits"), section <c>Aloe:Monitoring</c>. Steps are
/// "count × interval" and apply in order; after the last step <see cref="FinalInterval"/> applies.
/// </summary>
public sealed class MonitoringOptions
{
    public const string SectionName = "Aloe:Monitoring";

    /// <summary>
    /// The steps for every system without its own; when not configured, <see cref="DefaultSteps"/>. (Not initialised
    /// here: the configuration binder appends to an initialised list.)
    /// </summary>
    [NestedOptions]
    public List<MonitoringStep>? Steps { get; set; }

    /// <summary>Tapis v3's steps: 1 × 1 s, 5 × 10 s, 10 × 1 min, 100 × 3 min, 100 × 5 min.</summary>
    public static IReadOnlyList<MonitoringStep> DefaultSteps { get; } =
    [
        new() { Count = 1, Interval = TimeSpan.FromSeconds(1) },
        new() { Count = 5, Interval = TimeSpan.FromSeconds(10) },
        new() { Count = 10, Interval = TimeSpan.FromMinutes(1) },
        new() { Count = 100, Interval = TimeSpan.FromMinutes(3) },
        new() { Count = 100, Interval = TimeSpan.FromMinutes(5) },
    ];

    /// <summary>After the steps. Default 10 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan FinalInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Per execution system id, steps that replace <see cref="Steps"/> (e.g. faster ones for the local host).</summary>
    [NestedOptions]
    public Dictionary<string, List<MonitoringStep>> StepsBySystem { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A job QUEUED longer than this is cancelled and failed. Default 3 days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan MaxQueuedTime { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Added to the job's maxHours before a RUNNING job is cancelled and failed. Default 10 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RunTimeGrace { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a submitted job may be listed by neither <c>squeue</c> nor <c>sacct</c> before it is taken as lost
    /// (accounting can lag behind a short job's end). Default 5 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan UnknownJobGrace { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// <paramref name="due"/> rounded up to the next whole multiple of <paramref name="interval"/> since the Unix epoch:
    /// jobs on the same step share tick instants, so their checks are batched into one scheduler query.
    /// </summary>
    public static DateTimeOffset AlignToTick(DateTimeOffset due, TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero)
        {
            return due;
        }

        var ticks = due.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var remainder = ticks % interval.Ticks;
        return remainder == 0 ? due : due.AddTicks(interval.Ticks - remainder);
    }

    /// <summary>
    /// The first tick strictly after <paramref name="lastCheck"/>. Counted from the tick, not from the moment the
    /// answer came (which is the tick plus the query's time): adding a whole interval to that moment and rounding up
    /// would skip a tick, and jobs whose answers came on either side of a boundary would drift onto separate ticks.
    /// </summary>
    public static DateTimeOffset NextTick(DateTimeOffset lastCheck, TimeSpan interval) =>
        AlignToTick(lastCheck.AddTicks(1), interval > TimeSpan.Zero ? interval : TimeSpan.FromTicks(1));

    /// <summary>
    /// The delay before the next check of a job on <paramref name="systemId"/> that has been checked
    /// <paramref name="checksSoFar"/> times (successful + failed), so the step is recomputed after a restart.
    /// </summary>
    public TimeSpan NextDelay(string systemId, int checksSoFar)
    {
        IEnumerable<MonitoringStep> steps = StepsBySystem.TryGetValue(systemId, out var own) ? own : Steps ?? DefaultSteps;
        var remaining = checksSoFar;
        foreach (var step in steps)
        {
            if (remaining < step.Count)
            {
                return step.Interval;
            }

            remaining -= step.Count;
        }

        return FinalInterval;
    }
}
