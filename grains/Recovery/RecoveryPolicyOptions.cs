using System.ComponentModel.DataAnnotations;
using AloeOrleans.Grains.Configuration;
using AloeOrleans.Grains.Jobs;

namespace AloeOrleans.Grains.Recovery;

/// <summary>
/// When a blocked condition is tested again and when the jobs waiting on it give up (section
/// <c>Aloe:Recovery:Default</c>, or <c>Aloe:Recovery:Conditions:&lt;CONDITION&gt;</c>). Pure: the recovery group asks it.
/// </summary>
public sealed class RecoveryPolicyOptions : IValidatableObject
{
    /// <summary>Default <see cref="RecoveryPolicyKind.STEPWISE_BACKOFF"/>.</summary>
    public RecoveryPolicyKind Kind { get; set; } = RecoveryPolicyKind.STEPWISE_BACKOFF;

    /// <summary>The wait between tests of <see cref="RecoveryPolicyKind.CONSTANT_BACKOFF"/>. Default 1 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The steps of <see cref="RecoveryPolicyKind.STEPWISE_BACKOFF"/>; when not configured, <see cref="DefaultSteps"/>.
    /// (Not initialised here: the configuration binder appends to an initialised list.)
    /// </summary>
    [NestedOptions]
    public List<MonitoringStep>? Steps { get; set; }

    /// <summary>2 × 10 s, 10 × 20 s, 10 × 1 min, 100 × 2 min.</summary>
    public static IReadOnlyList<MonitoringStep> DefaultSteps { get; } =
    [
        new() { Count = 2, Interval = TimeSpan.FromSeconds(10) },
        new() { Count = 10, Interval = TimeSpan.FromSeconds(20) },
        new() { Count = 10, Interval = TimeSpan.FromMinutes(1) },
        new() { Count = 100, Interval = TimeSpan.FromMinutes(2) },
    ];

    /// <summary>The wait after the last step of <see cref="RecoveryPolicyKind.STEPWISE_BACKOFF"/>. Default 5 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan FinalInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Tests after which the jobs give up (FAILED); 0 for no limit but <see cref="MaxElapsed"/>. Default 0.</summary>
    [Range(0, 1_000_000)]
    public int MaxAttempts { get; set; }

    /// <summary>How long after a group's first job blocked its jobs give up (FAILED). Default 48 h.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan MaxElapsed { get; set; } = TimeSpan.FromHours(48);

    /// <summary>The wait before test number <paramref name="attemptsSoFar"/> + 1.</summary>
    public TimeSpan DelayBefore(int attemptsSoFar)
    {
        if (Kind == RecoveryPolicyKind.CONSTANT_BACKOFF)
        {
            return Interval;
        }

        var remaining = attemptsSoFar;
        foreach (var step in Steps ?? DefaultSteps)
        {
            if (remaining < step.Count)
            {
                return step.Interval;
            }

            remaining -= step.Count;
        }

        return FinalInterval;
    }

    /// <summary>
    /// When the next test is due after <paramref name="attemptsSoFar"/> failed tests, the last one at
    /// <paramref name="lastAttempt"/> (or the first block); null when the policy gives up instead: too many tests, or the
    /// next one would come after <see cref="MaxElapsed"/> since <paramref name="firstBlocked"/>.
    /// </summary>
    public DateTimeOffset? NextAttempt(int attemptsSoFar, DateTimeOffset firstBlocked, DateTimeOffset lastAttempt)
    {
        if (MaxAttempts > 0 && attemptsSoFar >= MaxAttempts)
        {
            return null;
        }

        var next = lastAttempt + DelayBefore(attemptsSoFar);
        return next - firstBlocked > MaxElapsed ? null : next;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Kind == RecoveryPolicyKind.STEPWISE_BACKOFF && Steps is { Count: 0 })
        {
            yield return OptionRules.Broken("must hold at least one step for STEPWISE_BACKOFF (or be left out for the default steps).", nameof(Steps));
        }
    }
}
