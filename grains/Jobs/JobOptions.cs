using System.ComponentModel.DataAnnotations;

namespace AloeOrleans.Grains.Jobs;

/// <summary>Tunables of the job grain (section <c>Aloe:Jobs</c>).</summary>
public sealed class JobOptions
{
    public const string SectionName = "Aloe:Jobs";

    /// <summary>Period of the reminder that revives a non-terminal job after a crash. Orleans' minimum is 1 min. Default 1 min.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan ResumeReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Attempts to launch a job before it fails. Default 3.</summary>
    [Range(1, 100)]
    public int MaxSubmitAttempts { get; set; } = 3;

    /// <summary>Wait after a database error before the job's work is tried again. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RetryAfterDatabaseError { get; set; } = TimeSpan.FromSeconds(5);
}
