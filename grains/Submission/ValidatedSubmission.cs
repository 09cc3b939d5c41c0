using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Submission;

/// <summary>
/// A submission that passed every rule, with app defaults applied and units normalised (memory in GB, time in
/// hours). Routing needs these values; <see cref="ToJobSubmission"/> adds the queue it was routed to.
/// </summary>
public sealed record ValidatedSubmission
{
    public required string TenantId { get; init; }
    public required string Owner { get; init; }
    public string Roles { get; init; } = "";
    public required string Name { get; init; }
    public required string AppId { get; init; }
    public required string AppUuid { get; init; }
    public required string SystemId { get; init; }
    public bool Archive { get; init; }
    public string ArchivePath { get; init; } = "";
    public string ArchiveSystem { get; init; } = "";
    public string? RemoteQueue { get; init; }
    public int NodeCount { get; init; } = 1;

    /// <summary>Processors on each node (the Job model's <c>processorsPerNode</c>).</summary>
    public int ProcessorsOnEachNode { get; init; } = 1;

    public double MemoryPerNodeGb { get; init; }
    public double MaxHours { get; init; }

    /// <summary>JSON object text: input name → array of strings.</summary>
    public string InputsJson { get; init; } = "{}";

    /// <summary>JSON object text: parameter name → typed value, app defaults included.</summary>
    public string ParametersJson { get; init; } = "{}";

    /// <summary>JSON array text of <c>{event,url,persistent}</c>.</summary>
    public string NotificationsJson { get; init; } = "[]";

    public JobSubmission ToJobSubmission(string tenantQueue, string? idempotencyKey) => new()
    {
        Name = Name,
        TenantId = TenantId,
        TenantQueue = tenantQueue,
        Owner = Owner,
        Roles = Roles,
        SystemId = SystemId,
        AppId = AppId,
        AppUuid = AppUuid,
        Archive = Archive,
        ArchivePath = ArchivePath,
        ArchiveSystem = ArchiveSystem,
        NodeCount = NodeCount,
        ProcessorsPerNode = ProcessorsOnEachNode,
        MemoryPerNode = MemoryPerNodeGb,
        MaxHours = MaxHours,
        Inputs = InputsJson,
        Parameters = ParametersJson,
        RemoteQueue = RemoteQueue,
        Notifications = NotificationsJson,
        IdempotencyKey = idempotencyKey,
    };
}
