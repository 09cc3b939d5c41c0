namespace AloeOrleans.GrainInterfaces.Jobs;

/// <summary>
/// What a job asks of its execution system, as validation settled it: nodes, processors on each node, memory on each
/// node, the run-time limit, and the scheduler queue (partition) chosen for it. One shape from the validated
/// submission to the runners' launch (<c>sbatch</c> options, a FORK job's process limits).
/// </summary>
[GenerateSerializer, Immutable]
[Alias("aloe.JobResourceRequest")]
public sealed record JobResourceRequest
{
    /// <summary>What a job without requests gets: one node, one processor, no memory request, no time limit, no queue.</summary>
    public static JobResourceRequest None { get; } = new();

    [Id(0)] public int NodeCount { get; init; } = 1;

    [Id(1)] public int ProcessorsPerNode { get; init; } = 1;

    /// <summary>Memory on each node in GB; 0 asks for none.</summary>
    [Id(2)] public double MemoryPerNodeGb { get; init; }

    /// <summary>The run-time limit in hours; 0 is none.</summary>
    [Id(3)] public double MaxHours { get; init; }

    /// <summary>The execution system's queue (a Slurm partition) the job goes to; null where the system has none.</summary>
    [Id(4)] public string? RemoteQueue { get; init; }
}
