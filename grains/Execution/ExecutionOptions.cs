namespace AloeOrleans.Grains.Execution;

/// <summary>Tunables of running jobs (section <c>Aloe:Execution</c>).</summary>
public sealed class ExecutionOptions
{
    /// <summary>How long a launched wrapper may take to record its pid. Default 30 s.</summary>
    public TimeSpan LaunchTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Between SIGTERM and SIGKILL when a job is cancelled. Default 5 s.</summary>
    public TimeSpan KillGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The largest app template the service reads (at registration and when a job is staged), in bytes. Default
    /// 1048576 (1 MiB); at least 1.
    /// </summary>
    public long MaxTemplateBytes { get; set; } = 1024 * 1024;

    /// <summary>The service's data folder; relative LOCAL storage roots are resolved against it. Default <c>./.aloe</c>.</summary>
    public string DataDir { get; set; } = ".aloe";
}
