namespace AloeOrleans.Grains.Execution.Remote;

/// <summary>What one job asks Slurm for (from the job and its chosen remote queue). Memory per node in GB, time in hours.</summary>
public sealed record SlurmJobRequest(int Nodes, int TasksPerNode, double MemoryGb, double MaxHours, string? Partition);
