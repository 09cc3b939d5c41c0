using AloeOrleans.GrainInterfaces.Jobs;

namespace AloeOrleans.Grains.Execution.Slurm;

/// <summary>What <c>sbatch</c> is asked for: the job's resources (its queue is the partition) and where it runs.</summary>
public sealed record SlurmSubmission(string ScriptPath, string WorkDir, string JobName, JobResourceRequest Resources);
