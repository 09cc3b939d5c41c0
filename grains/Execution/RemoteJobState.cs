namespace AloeOrleans.Grains.Execution;

/// <summary>What a status check learned about the remote job.</summary>
public enum RemoteJobState
{
    Queued,
    Running,

    /// <summary>Ended and recorded an exit code.</summary>
    Completed,

    /// <summary>The scheduler says it ended unsuccessfully (failed, timed out, out of memory, node lost, cancelled).</summary>
    Failed,

    /// <summary>Gone without recording an exit code (killed from outside, node lost).</summary>
    Vanished,
}
