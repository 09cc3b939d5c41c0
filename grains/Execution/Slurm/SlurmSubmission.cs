namespace AloeOrleans.Grains.Execution.Slurm;

/// <summary>What <c>sbatch</c> is asked for: the job's resources and where it runs. Memory in GB, time in hours.</summary>
public sealed record SlurmSubmission(
    string ScriptPath,
    string WorkDir,
    string JobName,
    int Nodes,
    int TasksPerNode,
    double MemoryPerNodeGb,
    double MaxHours,
    string? Partition);
