using System.Text.Json.Serialization;

namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// An execution or storage system in the Agave JSON shape (docs/api.md, "A system"). The descriptive Agave fields
/// (description, site, status, available, public, startupScript, a queue's description and customDirectives …) are kept
/// and shown as given; they do not change how jobs run.
/// </summary>
public sealed record SystemDefinition
{
    public required string Id { get; init; }
    public string Name { get; init; } = "";
    public required SystemType Type { get; init; }
    public string ExecutionType { get; init; } = "CLI";
    public SchedulerKind Scheduler { get; init; } = SchedulerKind.FORK;

    /// <summary>Whether this is the tenant's default storage system (archive target when a job names none).</summary>
    public bool Default { get; init; }

    public SystemLogin? Login { get; init; }
    public SystemStorage Storage { get; init; } = new();

    /// <summary>
    /// Where job work dirs go on an execution system, relative to the storage root. Never an input source for an
    /// ordinary user (<see cref="Security.PathAccessPolicy"/>).
    /// </summary>
    public string WorkDir { get; init; } = "work";

    /// <summary>
    /// Folders under the storage root (relative; never the root itself, never <c>..</c>) that every user of the tenant
    /// may read as inputs; read-only: ordinary users archive only under their own home <c>&lt;user&gt;/</c>.
    /// </summary>
    public IReadOnlyList<string> SharedPaths { get; init; } = [];

    public string? ScratchDir { get; init; }
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<SystemQueue> Queues { get; init; } = [];

    /// <summary>
    /// Agave's <c>maxSystemJobs</c>: jobs of the tenant submitted to this system (across all its queues, and on a system
    /// without queues) that may be queued or running at once. Omitted: no limit. Enforced before SUBMITTING.
    /// </summary>
    public int MaxSystemJobs { get; init; } = int.MaxValue;

    /// <summary>Agave's <c>maxSystemJobsPerUser</c>: as <see cref="MaxSystemJobs"/>, for the jobs of one user. Omitted: no limit.</summary>
    public int MaxSystemJobsPerUser { get; init; } = int.MaxValue;

    public string? Description { get; init; }
    public string? Site { get; init; }

    /// <summary>Agave's UP, DOWN, MAINTENANCE or UNKNOWN: descriptive (jobs are not refused on a DOWN system).</summary>
    public string? Status { get; init; }

    /// <summary>Agave's availability flag: descriptive (searchable), jobs are not refused on an unavailable system.</summary>
    public bool Available { get; init; } = true;

    public bool Public { get; init; }

    /// <summary>Agave's script sourced before each job: kept as given, not run (use <see cref="Environment"/>).</summary>
    public string? StartupScript { get; init; }

    /// <summary>When the system was last created or updated; output only (from the row, never from a body or the stored JSON).</summary>
    public DateTimeOffset? LastModified { get; init; }

    /// <summary>
    /// Whether the operator wrote this system (a seed catalog file) rather than a tenant admin (<c>/systems/v2</c>).
    /// Kept in its own column, never in the JSON: a body or a stored definition cannot claim it.
    /// </summary>
    [JsonIgnore]
    public bool OperatorDefined { get; init; }
}

[JsonConverter(typeof(JsonStringEnumConverter<SystemType>))]
public enum SystemType
{
    EXECUTION,
    STORAGE,
}

[JsonConverter(typeof(JsonStringEnumConverter<SchedulerKind>))]
public enum SchedulerKind
{
    FORK,
    SLURM,
}
