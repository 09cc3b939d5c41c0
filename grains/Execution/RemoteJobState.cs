namespace AloeOrleans.Grains.Execution;

/// <summary>What a status check learned about the remote job.</summary>
[GenerateSerializer, Alias("aloe.remote-job-state")]
public enum RemoteJobState
{
    Queued,
    Running,

    /// <summary>Ended and recorded an exit code.</summary>
    Completed,

    /// <summary>The scheduler says it ended unsuccessfully (failed, timed out, out of memory, node lost, cancelled).</summary>
    Failed,

    /// <summary>
    /// The scheduler lists it nowhere (yet): accounting lags behind a job's end, so only a job unknown for longer
    /// than <c>Aloe:Monitoring:UnknownJobGrace</c> is taken as lost.
    /// </summary>
    Unknown,

    /// <summary>Gone without recording an exit code (killed from outside, node lost).</summary>
    Vanished,
}
