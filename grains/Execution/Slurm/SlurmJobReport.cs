namespace AloeOrleans.Grains.Execution.Slurm;

/// <summary>
/// One job as <c>squeue</c> or <c>sacct</c> reported it: Slurm's state word (e.g. <c>RUNNING</c>, <c>CANCELLED</c>),
/// the pending reason (squeue) and the exit code and signal (sacct's <c>ExitCode</c> field "code:signal").
/// </summary>
public sealed record SlurmJobReport(string JobId, string JobName, string State, string? Reason = null, int? ExitCode = null, int? Signal = null);
