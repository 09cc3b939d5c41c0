using System.Text.Json.Serialization;

namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// An application in the Agave JSON shape (docs/api.md, "An app"). <see cref="Id"/> is
/// <c>name-version</c>; <see cref="Uuid"/> is assigned at registration.
/// </summary>
public sealed record AppDefinition
{
    public required string Id { get; init; }
    public string Name { get; init; } = "";
    public string Version { get; init; } = "";
    public string Uuid { get; init; } = "";
    public required string ExecutionSystem { get; init; }
    public string? DeploymentSystem { get; init; }
    public string DeploymentPath { get; init; } = "";
    public required string TemplatePath { get; init; }
    public AppParallelism Parallelism { get; init; } = AppParallelism.SERIAL;
    public string? DefaultQueue { get; init; }
    public int? DefaultNodeCount { get; init; }
    public int? DefaultProcessorsPerNode { get; init; }

    /// <summary>GB, the same <c>[num][unit]</c> form a submission's <c>memoryPerNode</c> takes.</summary>
    public string? DefaultMemoryPerNode { get; init; }

    /// <summary><c>HH:mm:ss</c>.</summary>
    public string? DefaultMaxRunTime { get; init; }

    /// <summary>When false, a non-zero exit skips archiving (outcome FAILED_SKIP_ARCHIVE).</summary>
    public bool ArchiveOnAppError { get; init; } = true;

    public IReadOnlyList<AppInput> Inputs { get; init; } = [];
    public IReadOnlyList<AppParameter> Parameters { get; init; } = [];
}

/// <summary>SERIAL apps run one processor per node; PARALLEL apps may ask for more.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AppParallelism>))]
public enum AppParallelism
{
    SERIAL,
    PARALLEL,
}
