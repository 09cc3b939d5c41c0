namespace AloeOrleans.GrainInterfaces.Jobs;

/// <summary>Whether a job's outputs are archived, and where: a storage system and a path on it (empty when not archived).</summary>
[GenerateSerializer, Immutable]
[Alias("aloe.JobArchiveRequest")]
public sealed record JobArchiveRequest
{
    [Id(0)] public bool Enabled { get; init; }

    [Id(1)] public string SystemId { get; init; } = "";

    [Id(2)] public string Path { get; init; } = "";
}
