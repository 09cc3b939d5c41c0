using System.ComponentModel.DataAnnotations;

namespace AloeOrleans.Grains.Execution;

/// <summary>Tunables of running jobs (section <c>Aloe:Execution</c>).</summary>
public sealed class ExecutionOptions
{
    public const string SectionName = "Aloe:Execution";

    /// <summary>
    /// Whether jobs may use LOCAL systems: run on, or keep files on, the host of the silos. Their files and processes
    /// live on that host, so every silo must run on it (<c>./aloe up --silos N</c> on one machine). A cluster whose silos
    /// span hosts (Kubernetes) sets Disabled: a job naming a LOCAL system is then refused at submission with 400
    /// (docs/operations.md, "LOCAL systems in a cluster"). Default Enabled.
    /// </summary>
    public LocalSystemPolicy LocalSystems { get; set; } = LocalSystemPolicy.Enabled;

    /// <summary>
    /// How long a launched wrapper may take to record its pid; also how long start-up waits for another service process
    /// that is creating the <see cref="LocalRunAs"/> user. Default 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan LaunchTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Between SIGTERM and SIGKILL when a job is cancelled. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan KillGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The unprivileged user LOCAL jobs run as when the service runs as root (all LOCAL jobs share it). Not root.
    /// Its primary group should be its own: work dirs are shared with that group. Default <c>aloe-job</c>.
    /// </summary>
    [Required]
    [RegularExpression("^[a-z_][a-z0-9_-]{0,31}$")]
    public string LocalRunAs { get; set; } = "aloe-job";

    /// <summary>
    /// Whether a service running as root creates <see cref="LocalRunAs"/> when it is missing (a system account with its
    /// own group, no login shell, no home). Default true.
    /// </summary>
    public bool CreateLocalRunAs { get; set; } = true;

    /// <summary>PATH of a LOCAL job's app (its environment is an allow-list). Default <c>/usr/local/bin:/usr/bin:/bin</c>.</summary>
    [Required]
    [RegularExpression("^[^\\0:][^\\0]*$")]
    public string LocalPath { get; set; } = "/usr/local/bin:/usr/bin:/bin";

    /// <summary>
    /// RLIMIT_NPROC of a LOCAL job: processes (threads count) of its user. The kernel counts every process of the user,
    /// and all LOCAL jobs share one, so this bounds all of them together, and a fork bomb in one job: 1,000
    /// concurrent small jobs of a few processes each fit. Default 10000.
    /// </summary>
    [Range(1, 4_194_304)]
    public int LocalMaxProcesses { get; set; } = 10000;

    /// <summary>RLIMIT_FSIZE of a LOCAL job: the largest file it may write, in MiB; a write beyond it kills the app. Default 65536 (64 GiB).</summary>
    [Range(1L, 8_796_093_022_207L)]
    public long LocalMaxFileSizeMb { get; set; } = 65536;

    /// <summary>
    /// The largest app template the service reads (at registration and when a job is staged), in bytes. Default
    /// 1048576 (1 MiB).
    /// </summary>
    [Range(1L, 64L * 1024 * 1024)]
    public long MaxTemplateBytes { get; set; } = 1024 * 1024;
}
