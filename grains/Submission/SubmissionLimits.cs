using AloeOrleans.Grains.Jobs;

namespace AloeOrleans.Grains.Submission;

/// <summary>
/// The service's bounds on one submission, set in <c>Aloe:Jobs</c> (<see cref="JobOptions"/>, where the defaults and
/// their reasons are written).
/// </summary>
/// <param name="MaxRunTime">The ceiling on every job's <c>maxRunTime</c>, requested or the app's default.</param>
/// <param name="MaxValuesPerInput">Values an input may take when the app leaves its <c>maxCardinality</c> unbounded.</param>
/// <param name="ValidatorTimeBudget">The time all app validator regexes of one request may take together.</param>
public sealed record SubmissionLimits(TimeSpan MaxRunTime, int MaxValuesPerInput, TimeSpan ValidatorTimeBudget)
{
    public static SubmissionLimits Default { get; } = new JobOptions().SubmissionLimits;
}
