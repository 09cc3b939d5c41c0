namespace AloeOrleans.Gateway.Jobs;

/// <summary>Why an action's call to a job's grain failed, as far as the caller can act on it.</summary>
public enum JobActionFailureKind
{
    /// <summary>Another writer changed the job meanwhile: asking again is the answer (409).</summary>
    Conflict,

    /// <summary>The database refused: nothing may have been recorded (503).</summary>
    Database,

    /// <summary>The call did not complete in time: it may still take effect (503).</summary>
    Timeout,

    /// <summary>The cluster could not complete the call: it may or may not have taken effect (503).</summary>
    Cluster,
}
