using System.Text.Json.Serialization;

namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// An application in the Agave JSON shape (docs/api.md, "An app"). <see cref="Id"/> is
/// <c>name-version</c>; <see cref="Uuid"/> is assigned at registration. The descriptive Agave fields (label, tags,
/// ontology, outputs …) are kept and shown as given; they do not change how a job runs.
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

    /// <summary>Agave's outputs: descriptive; the job's archive holds everything its work dir holds.</summary>
    public IReadOnlyList<AppOutput> Outputs { get; init; } = [];

    public string? Label { get; init; }
    public string? ShortDescription { get; init; }
    public string? LongDescription { get; init; }

    [JsonPropertyName("helpURI")]
    public string? HelpUri { get; init; }

    public string? Icon { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<string> Ontology { get; init; } = [];
    public IReadOnlyList<string> Modules { get; init; } = [];

    /// <summary>Agave's <c>executionType</c> of the app (HPC or CLI); descriptive, the execution system's own type rules.</summary>
    public string? ExecutionType { get; init; }

    public string? TestPath { get; init; }
    public bool Checkpointable { get; init; }
    public bool Available { get; init; } = true;
    public bool IsPublic { get; init; }

    /// <summary>When the app was last registered or updated; output only (from the row, never from a body or the stored JSON).</summary>
    public DateTimeOffset? LastModified { get; init; }
}

/// <summary>SERIAL apps run one processor per node; PARALLEL apps may ask for more.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AppParallelism>))]
public enum AppParallelism
{
    SERIAL,
    PARALLEL,
}
