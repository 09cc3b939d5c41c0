using System.ComponentModel.DataAnnotations;

namespace AloeOrleans.Grains.Execution;

/// <summary>Tunables of running jobs (section <c>Aloe:Execution</c>).</summary>
public sealed class ExecutionOptions
{
    public const string SectionName = "Aloe:Execution";

    /// <summary>How long a launched wrapper may take to record its pid. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan LaunchTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Between SIGTERM and SIGKILL when a job is cancelled. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan KillGracePeriod { get; set; } = TimeSpan.FromSeconds(5);
}
