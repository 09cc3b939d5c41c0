namespace AloeOrleans.Grains.Catalog;

/// <summary>
/// A remote (scheduler) queue of an execution system and its limits. Memory in GB, time as <c>HH:mm:ss</c>.
/// <see cref="Description"/> and Agave's <see cref="CustomDirectives"/> are kept as given; the directives are not
/// added to the batch script, whose directives Aloe writes from the job's resources (docs/api.md, "A system").
/// </summary>
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
    public string? Description { get; init; }
    public string? CustomDirectives { get; init; }
}
