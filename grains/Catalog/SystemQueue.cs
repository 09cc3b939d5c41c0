namespace AloeOrleans.Grains.Catalog;

/// <summary>A remote (scheduler) queue of an execution system and its limits. Memory in GB, time as <c>HH:mm:ss</c>.</summary>
public sealed record SystemQueue
{
    public required string Name { get; init; }
    public bool Default { get; init; }
    public int MaxJobs { get; init; } = int.MaxValue;
    public int MaxUserJobs { get; init; } = int.MaxValue;
    public int MaxNodes { get; init; } = int.MaxValue;
    public int MaxProcessorsPerNode { get; init; } = int.MaxValue;
    public double MaxMemoryPerNode { get; init; } = double.MaxValue;
    public string MaxRequestedTime { get; init; } = "999:59:59";
}
