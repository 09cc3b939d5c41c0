namespace AloeOrleans.Grains.Execution;

/// <summary>A status check's answer: the state, the exit code once completed, and a message for the job's history.</summary>
public sealed record RemoteJobStatus(RemoteJobState State, int? ExitCode = null, string? Message = null);
