using System.ComponentModel.DataAnnotations;

namespace AloeOrleans.Grains.Revival;

/// <summary>
/// The periodic sweep that revives jobs nothing else would (section <c>Aloe:JobRevival</c>): a job committed as
/// ACCEPTED whose grain died before it registered its reminder, or an unfinished job that lost its reminder. Every silo
/// sweeps; reviving a job twice does no harm.
/// </summary>
public sealed class JobRevivalOptions
{
    public const string SectionName = "Aloe:JobRevival";

    /// <summary>Whether this silo sweeps at all. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between two sweeps of this silo (the first comes after a random part of it). Default 1 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Age after which a job still ACCEPTED is revived: a healthy job leaves ACCEPTED within milliseconds of its commit.
    /// Default 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AcceptedAge { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Time without an update after which an unfinished job (neither ACCEPTED, BLOCKED nor PAUSED: those wait for
    /// recovery or their user) is revived if it has no reminder. Default 10 min.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// At a silo's start, the rate at which jobs that wait for something else (PENDING, QUEUED, RUNNING, BLOCKED,
    /// PAUSED) are asked to resume, after those whose work the stop interrupted (all at once). Each resume activates a
    /// grain and reads its row, and every job's reminder resumes it within <c>Aloe:Jobs:ResumeReminderPeriod</c> anyway,
    /// so this bounds a start's load on the database instead of waking every job in the first seconds. 0: leave them to
    /// their reminders. Default 50 per second (docs/lifecycle.md, "Crashes and restarts").
    /// </summary>
    [Range(0, 1_000_000)]
    public int StartupWaitingResumesPerSecond { get; set; } = 50;

    /// <summary>Jobs read and revived per step of a sweep. Default 500.</summary>
    [Range(1, 10_000)]
    public int PageSize { get; set; } = 500;
}
