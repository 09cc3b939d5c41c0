namespace AloeOrleans.Grains.Execution;

/// <summary>A status check's answer: the state, the exit code once completed, and a message for the job's history.</summary>
[GenerateSerializer, Immutable, Alias("aloe.remote-job-status")]
public sealed record RemoteJobStatus(
    [property: Id(0)] RemoteJobState State,
    [property: Id(1)] int? ExitCode = null,
    [property: Id(2)] string? Message = null);
