using System.Text.Json.Serialization;

namespace AloeOrleans.Grains.Catalog;

/// <summary>An execution or storage system in the Agave JSON shape (spec/queues-and-tenancy.md, "System").</summary>
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

    /// <summary>Where job work dirs go on an execution system, relative to the storage root.</summary>
    public string WorkDir { get; init; } = "work";
    public string? ScratchDir { get; init; }
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<SystemQueue> Queues { get; init; } = [];
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
