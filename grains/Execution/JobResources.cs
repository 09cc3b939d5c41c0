namespace AloeOrleans.Grains.Execution;

/// <summary>
/// What one job asks its execution system for, from the job and its chosen remote queue: memory per node in GB,
/// time in hours, the partition (remote queue) or null for the system's default. FORK runners ignore it.
/// </summary>
public sealed record JobResources(int Nodes, int TasksPerNode, double MemoryGb, double MaxHours, string? Partition)
{
    public static JobResources None { get; } = new(1, 1, 0, 0, null);
}
