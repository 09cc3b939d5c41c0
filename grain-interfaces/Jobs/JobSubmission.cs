namespace AloeOrleans.GrainInterfaces.Jobs;

/// <summary>
/// A submission that has passed validation and routing: everything the job grain needs to write the ACCEPTED row.
/// Built once in the gateway; the grain trusts it.
/// </summary>
[GenerateSerializer, Immutable]
[Alias("aloe.JobSubmission")]
public sealed record JobSubmission
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required string TenantId { get; init; }
    [Id(2)] public required string TenantQueue { get; init; }
    [Id(3)] public required string Owner { get; init; }
    [Id(4)] public string Roles { get; init; } = "";
    [Id(5)] public required string SystemId { get; init; }
    [Id(6)] public required string AppId { get; init; }
    [Id(7)] public required string AppUuid { get; init; }
    [Id(8)] public bool Archive { get; init; }
    [Id(9)] public string ArchivePath { get; init; } = "";
    [Id(10)] public string ArchiveSystem { get; init; } = "";
    [Id(11)] public int NodeCount { get; init; } = 1;
    [Id(12)] public int ProcessorsPerNode { get; init; } = 1;
    [Id(13)] public double MemoryPerNode { get; init; }
    [Id(14)] public double MaxHours { get; init; }
    [Id(15)] public string Inputs { get; init; } = "{}";
    [Id(16)] public string Parameters { get; init; } = "{}";
    [Id(17)] public string? RemoteQueue { get; init; }
    [Id(18)] public string Notifications { get; init; } = "[]";
    [Id(19)] public string? IdempotencyKey { get; init; }
}
