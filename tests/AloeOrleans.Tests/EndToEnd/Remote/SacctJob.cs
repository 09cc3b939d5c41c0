namespace AloeOrleans.Tests.EndToEnd.Remote;

/// <summary>
/// One job's allocation line of <c>sacct -X</c>. Times are Unix seconds (<c>SLURM_TIME_FORMAT=%s</c>), null while
/// Slurm shows "Unknown"/"None" (not started or not ended yet).
/// </summary>
public sealed record SacctJob(string JobId, string JobName, string State, string ExitCode, string Partition,
    DateTimeOffset? Submit, DateTimeOffset? Start, DateTimeOffset? End);
