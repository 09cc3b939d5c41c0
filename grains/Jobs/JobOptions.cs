using System.ComponentModel.DataAnnotations;
using AloeOrleans.Grains.Submission;

namespace AloeOrleans.Grains.Jobs;

/// <summary>Tunables of jobs: the bounds on a submission and the job grain's own (section <c>Aloe:Jobs</c>).</summary>
public sealed class JobOptions
{
    public const string SectionName = "Aloe:Jobs";

    /// <summary>
    /// The ceiling on every job's <c>maxRunTime</c>, requested or the app's default; a longer one is refused (400).
    /// Default 7 days, the longest limit common on HPC clusters' long queues; a system's queues may set lower ones.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan MaxRunTime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Values an input may take when the app leaves its <c>maxCardinality</c> unbounded; more are refused (400). Each
    /// value is a transfer and a file in the work dir. Default 1000.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxValuesPerInput { get; set; } = 1000;

    /// <summary>
    /// The time all app validator regexes of one request may take together; when it is used up the request is refused
    /// (400), so a slow validator fed many values cannot hold a silo. Simple validators check a thousand values in a
    /// few milliseconds. Default 500 ms.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan ValidatorTimeBudget { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The bounds above, for <see cref="SubmissionValidator"/>.</summary>
    public SubmissionLimits SubmissionLimits => new(MaxRunTime, MaxValuesPerInput, ValidatorTimeBudget);

    /// <summary>Period of the reminder that revives a non-terminal job after a crash. Orleans' minimum is 1 min. Default 1 min.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan ResumeReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Attempts to launch a job before it fails. Default 3.</summary>
    [Range(1, 100)]
    public int MaxSubmitAttempts { get; set; } = 3;

    /// <summary>
    /// Wait after a database outage, or after a decision the job's grain could not carry out (a write, the reminder
    /// service, the tenant queue, a kill), before the job's work is tried again. Default 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RetryAfterDatabaseError { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long after a cancel the kill of a job's remote work is still tried again (at each tick of the job's reminder)
    /// when its host or scheduler could not be reached; after that the job's history says the work may still run.
    /// Default 24 h.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan KillRetryFor { get; set; } = TimeSpan.FromHours(24);
}
