using System.ComponentModel.DataAnnotations;
using AloeOrleans.GrainInterfaces.Jobs;
using AloeOrleans.Grains.Configuration;

namespace AloeOrleans.Grains.Recovery;

/// <summary>
/// Recovery of BLOCKED jobs (section <c>Aloe:Recovery</c>): the policy of each condition, how jobs resume, and when
/// failing status checks block a job.
/// </summary>
public sealed class RecoveryOptions : IValidatableObject
{
    public const string SectionName = "Aloe:Recovery";

    /// <summary>The policy of every condition without its own in <see cref="Conditions"/>. Default: STEPWISE_BACKOFF, 48 h.</summary>
    [NestedOptions]
    public RecoveryPolicyOptions Default { get; set; } = new();

    /// <summary>
    /// Per condition (a <see cref="RecoveryCondition"/> name), a policy replacing <see cref="Default"/>. Default: one for
    /// QUOTA_EXCEEDED (<see cref="QuotaExceededPolicy"/>); settings given for it change only the fields they name.
    /// </summary>
    [NestedOptions]
    public Dictionary<string, RecoveryPolicyOptions> Conditions { get; set; } = new(StringComparer.Ordinal)
    {
        [nameof(RecoveryCondition.QUOTA_EXCEEDED)] = QuotaExceededPolicy(),
    };

    /// <summary>How many jobs of a group are sent back to their tenant queues at once when its condition cleared. Default 20.</summary>
    [Range(1, 10_000)]
    public int ResumeBatchSize { get; set; } = 20;

    /// <summary>
    /// A QUEUED or RUNNING job whose status checks have all failed for this long (none answered since) is BLOCKED on
    /// the failure's condition instead of being checked on forever. Default 60 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan StatusCheckFailureLimit { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>
    /// A job blocked this many times already fails at its next transient failure instead of blocking again, so that a
    /// failure whose test passes but whose work keeps failing cannot loop for ever. Default 20.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxBlocksPerJob { get; set; } = 20;

    /// <summary>
    /// How often a job whose condition cleared, or a PAUSED job asked to resume, asks its tenant queue again for the
    /// worker slot it resumes with (a queue may drop a request from a BLOCKED or PAUSED job when it reconciles with the
    /// database). Default 10 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ResumeSlotRequestInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The default policy of QUOTA_EXCEEDED: a job waiting for a slot of its system or queue is no failure, so its group
    /// counts again every 15 s (CONSTANT_BACKOFF), finding a freed slot within that, with no limit on tests, and gives up
    /// only when no slot freed for 7 days (the clock restarts whenever a slot frees).
    /// </summary>
    public static RecoveryPolicyOptions QuotaExceededPolicy() => new()
    {
        Kind = RecoveryPolicyKind.CONSTANT_BACKOFF,
        Interval = TimeSpan.FromSeconds(15),
        MaxAttempts = 0,
        MaxElapsed = TimeSpan.FromDays(7),
    };

    /// <summary>
    /// Longest one recovery test may take (an SSH login, a scheduler ping, an input server's answer); a test still running
    /// then has not cleared. Default 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan TestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The policy for <paramref name="condition"/>.</summary>
    public RecoveryPolicyOptions PolicyFor(RecoveryCondition condition) =>
        Conditions.TryGetValue(condition.ToString(), out var own) ? own : Default;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var name in Conditions.Keys.Where(name => !Enum.TryParse<RecoveryCondition>(name, ignoreCase: false, out _)))
        {
            yield return OptionRules.Broken(
                $"names no condition ('{name}'); the conditions are {string.Join(", ", Enum.GetNames<RecoveryCondition>())}.", nameof(Conditions));
        }
    }
}
