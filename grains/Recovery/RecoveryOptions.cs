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

    /// <summary>Per condition (a <see cref="RecoveryCondition"/> name), a policy replacing <see cref="Default"/>. Default none.</summary>
    [NestedOptions]
    public Dictionary<string, RecoveryPolicyOptions> Conditions { get; set; } = new(StringComparer.Ordinal);

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
